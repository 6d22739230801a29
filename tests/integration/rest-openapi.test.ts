import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../../src/rest/router.js';
import { deploy, type Deployment } from '../helpers/modes.js';
import { RestClient } from '../helpers/rest-client.js';

type Spec = {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; parameters?: Array<{ name: string; in: string }> }>>;
};

describe('OpenAPI document vs. the routes the server answers', () => {
  let d: Deployment;
  let spec: Spec;
  const anon = () => new RestClient(d.baseUrl);

  beforeAll(async () => {
    d = await deploy('embedded');
    const res = await anon().json<Spec>('/api/openapi.json');
    expect(res.status).toBe(200);
    spec = res.body;
  });
  afterAll(() => d?.stop());

  const operations = () =>
    Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );

  it('is OpenAPI 3.1 and documents exactly the mounted routes', () => {
    expect(spec.openapi).toBe('3.1.0');
    const documented = operations()
      .map((o) => `${o.method} ${o.path}`)
      .sort();
    const mounted = restRoutes.map((r) => `${r.method} ${r.path}`).sort();
    expect(documented).toEqual(mounted);
    for (const { op, path } of operations()) {
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(op.parameters?.filter((p) => p.in === 'path').map((p) => p.name) ?? []).toEqual(pathParams);
    }
  });

  it('every documented path and method is served (auth-protected ones answer 401, public ones 200)', async () => {
    for (const { path, method, op } of operations()) {
      const url = path.replace(/\{\w+\}/g, randomUUID());
      const res = await anon().json(url, { method });
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      expect({ route: `${method} ${path}`, status: res.status }).toEqual({ route: `${method} ${path}`, status: isPublic ? 200 : 401 });
    }
  });

  it('paths outside the spec are not served: 404 for unknown routes, 405 with Allow for wrong methods', async () => {
    const unknown = await anon().json('/api/documents/a/b/c');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/No route/);
    const wrong = await anon().json('/api/documents', { method: 'PUT' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});
