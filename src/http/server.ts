import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Container } from '../app/container.js';
import { createYogaServer } from '../graphql/yoga.js';
import { parseMultipart } from './multipart.js';
import { attachWebSocket } from './websocket.js';

export interface HttpServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Readiness: the process can serve, i.e. the database (and in services mode, Redis) answer. */
async function readiness(c: Container) {
  const checks: Record<string, 'ok' | 'error'> = {};
  const withTimeout = <T>(p: Promise<T>) =>
    Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
  checks.database = await withTimeout(c.database.ping()).then(() => 'ok' as const, () => 'error' as const);
  if (c.config.redisUrl) {
    checks.redis = await withTimeout(c.queue.pending()).then(() => 'ok' as const, () => 'error' as const);
  }
  return { ready: Object.values(checks).every((v) => v === 'ok'), checks };
}

/**
 * The API process's HTTP front: health and readiness probes, GraphQL over HTTP (with multipart
 * uploads) and graphql-ws on the same /graphql path.
 */
export async function startHttpServer(c: Container): Promise<HttpServer> {
  const yoga = createYogaServer(c);
  const log = c.log.child({ part: 'http' });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      return sendJson(res, 200, { status: 'ok' });
    }
    if (path === '/ready' && (req.method === 'GET' || req.method === 'HEAD')) {
      const result = await readiness(c);
      return sendJson(res, result.ready ? 200 : 503, { status: result.ready ? 'ready' : 'not ready', ...result });
    }
    if (path === yoga.graphqlEndpoint && req.method === 'POST' && req.headers['content-type']?.startsWith('multipart/form-data')) {
      try {
        (req as IncomingMessage & { body?: unknown }).body = await parseMultipart(req, res, c.config);
      } catch (err) {
        const status = (err as { status?: number }).status ?? 400;
        const message = err instanceof Error ? err.message : 'Invalid multipart request';
        const code = status === 413 ? (/file uploads/.test(message) ? 'RESOURCE_LIMIT' : 'FILE_TOO_LARGE') : 'BAD_USER_INPUT';
        return sendJson(res, status, { errors: [{ message, extensions: { code } }] });
      }
    }
    return yoga(req, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL' } }] });
      else res.destroy();
    });
  });
  // Longer than the idle timeouts of common clients and proxies, so a client never reuses a
  // keep-alive connection in the instant the server closes it (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const ws = attachWebSocket(c, server, yoga);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(c.config.port, c.config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : c.config.port;
  const host = c.config.host.includes(':') ? `[${c.config.host}]` : c.config.host;
  return {
    server,
    url: `http://${host}:${port}${yoga.graphqlEndpoint}`,
    async close() {
      await ws.close();
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
