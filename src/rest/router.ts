import type { IncomingMessage, ServerResponse } from 'node:http';
import Router, { type HTTPVersion } from 'find-my-way';
import type { Container } from '../app/container.js';
import { AppError, ErrorCode } from '../errors.js';
import { authenticateRequest, requireUser, requireWritable } from '../services/auth/auth-service.js';
import { documentRoutes } from './documents.js';
import { extractRoutes } from './extract.js';
import { sendError, sendJson } from './http-io.js';
import { openApiRoute } from './openapi.js';
import { parseInput, parseQuery, type Method, type RestRoute } from './route.js';
import { searchRoutes } from './search.js';

/** Every REST operation; the OpenAPI document is generated from this same list. */
export const restRoutes: readonly RestRoute[] = [...documentRoutes, ...searchRoutes, ...extractRoutes, openApiRoute(() => restRoutes)];

/** `/api/documents/{id}` → `/api/documents/:id` (find-my-way syntax). */
export const toRouterPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/**
 * The REST door under /api: routes are matched by find-my-way (radix tree, the router Fastify
 * uses), authenticated exactly as GraphQL requests are, and call the same services. Errors are
 * `{ error: { code, message } }` with the codes of src/errors.ts.
 */
export function createRestHandler(c: Container) {
  const log = c.log.child({ part: 'rest' });
  const router = Router<HTTPVersion.V1>({ ignoreTrailingSlash: true, caseSensitive: true });
  for (const route of restRoutes) {
    router.on(route.method, toRouterPath(route.path), (req, res, params) => run(route, req, res, params as Record<string, string>));
  }

  async function run(route: RestRoute, req: IncomingMessage, res: ServerResponse, rawParams: Record<string, string>) {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const user = route.auth ? requireUser(await authenticateRequest(c, req.headers)) : null;
      // A read-only API key reads and nothing else: every route that is not a GET writes.
      if (route.method !== 'GET') requireWritable(user);
      await route.handle({
        c,
        req,
        res,
        log,
        user: user as NonNullable<typeof user>,
        params: route.params ? parseInput(route.params, rawParams) : {},
        query: route.query ? parseQuery(route.query, url.searchParams) : {},
      });
    } catch (err) {
      sendError(res, err, log);
    }
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const found = router.find((method === 'HEAD' ? 'GET' : method) as Method, path);
    if (found) {
      await (found.handler as unknown as (req: IncomingMessage, res: ServerResponse, params: unknown) => Promise<void>)(
        req,
        res,
        found.params,
      );
      return;
    }
    const allowed = (['GET', 'POST', 'PATCH', 'DELETE'] as const).filter((m) => router.find(m, path));
    if (allowed.length) {
      sendJson(
        res,
        405,
        { error: { code: ErrorCode.BAD_USER_INPUT, message: `Use ${allowed.join(', ')} for ${path}` } },
        { allow: allowed.join(', ') },
      );
      return;
    }
    sendError(res, new AppError(ErrorCode.NOT_FOUND, `No route ${method} ${path}`), log);
  };
}
