import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config.js';

/**
 * Object storage in the deployment files, checked by reading them (no Docker or cluster here):
 * compose's MinIO profile and the Kubernetes overlay that drops the shared files volume.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
const SECRETS = { DATABASE_URL: 'postgres://u:p@db:5432/d', REDIS_URL: 'redis://redis:6379', JWT_SECRET: 'x'.repeat(40) };

describe('docker-compose.yml with object storage', () => {
  const { services } = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, any> };

  it('keeps the files volume by default and switches to MinIO when STORAGE_URL is set', () => {
    // Compose substitutes ${VAR:-default}; emulate it for an unset and a set STORAGE_URL.
    const substitute = (env: Record<string, string>, vars: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(env).map(([k, v]) => [
          k,
          String(v).replace(/\$\{(\w+):-([^}]*)\}/g, (_m, name: string, dflt: string) => vars[name] ?? dflt),
        ]),
      );
    const base = { ...services.api.environment, JWT_SECRET: SECRETS.JWT_SECRET };
    expect(loadConfig(substitute(base, {})).storage.s3).toBeUndefined();
    const s3 = loadConfig(substitute(base, { STORAGE_URL: 's3://docsphere/originals' })).storage.s3!;
    expect(s3).toMatchObject({ bucket: 'docsphere', prefix: 'originals', endpoint: 'http://minio:9000', forcePathStyle: true });
    expect(services.minio.profiles).toEqual(['s3']);
    expect(services['minio-init'].command).toContain('minio/docsphere');
    expect(services.minio.environment.MINIO_ROOT_USER).toBe(services.api.environment.AWS_ACCESS_KEY_ID);
    expect(services.api.depends_on['minio-init'].required).toBe(false);
  });
});

describe('Kubernetes overlay deploy/k8s/s3', () => {
  const overlay = parse(read('deploy/k8s/s3/kustomization.yaml')) as { resources: string[]; patches: Array<{ path: string }> };
  const patches = overlay.patches.flatMap((p) => parseAllDocuments(read(`deploy/k8s/s3/${p.path}`)).map((d) => d.toJS() as any));

  it('builds on the base, deletes the shared files claim and mounts scratch space instead', () => {
    expect(overlay.resources).toEqual(['../']);
    const claim = patches.find((d) => d.kind === 'PersistentVolumeClaim');
    expect(claim).toMatchObject({ $patch: 'delete', metadata: { name: 'docsphere-files' } });
    for (const name of ['docsphere-api', 'docsphere-worker']) {
      const d = patches.find((x) => x.kind === 'Deployment' && x.metadata.name === name);
      expect(d.spec.template.spec.volumes).toEqual([{ name: 'files', persistentVolumeClaim: null, emptyDir: {} }]);
      // The volume name patched is the one the base mounts.
      expect(read(`deploy/k8s/${name.replace('docsphere-', '')}.yaml`)).toMatch(/claimName: docsphere-files/);
    }
  });

  it('sets STORAGE_URL on top of the base ConfigMap, which config.ts accepts as S3', () => {
    const base = parseAllDocuments(read('deploy/k8s/config.yaml'))
      .map((d) => d.toJS() as any)
      .find((d) => d.kind === 'ConfigMap');
    const patch = patches.find((d) => d.kind === 'ConfigMap');
    expect(patch.metadata.name).toBe(base.metadata.name);
    const config = loadConfig({ ...base.data, ...patch.data, ...SECRETS });
    expect(config.storage.s3).toMatchObject({ bucket: 'docsphere-originals', prefix: 'originals', region: 'eu-central-1' });
  });
});
