import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Container } from '../app/container.js';
import { readiness } from '../app/readiness.js';
import { createYogaServer } from '../graphql/yoga.js';
import { serveMetrics } from '../metrics/http.js';
import { trackQueueDepth, trackWebSocketConnections } from '../metrics/registry.js';
import { createRestHandler } from '../rest/router.js';
import { parseMultipart } from './multipart.js';
import { CSRF_HEADERS, hasCsrfHeader } from '../security/csrf.js';
import { runInScope } from '../security/tenant-scope.js';
import { serveClient } from './static.js';
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

/**
 * The API process's HTTP front: health and readiness probes, GraphQL over HTTP (with multipart
 * uploads) and graphql-ws on the same /graphql path.
 */
export async function startHttpServer(c: Container): Promise<HttpServer> {
  const yoga = createYogaServer(c);
  const log = c.log.child({ part: 'http' });

  const rest = createRestHandler(c);
  trackQueueDepth(() => c.queue.pending());
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      return sendJson(res, 200, { status: 'ok' });
    }
    if (path === '/metrics' && req.method === 'GET') return serveMetrics(req, res);
    if (path?.startsWith('/api/')) return rest(req, res);
    if (path === '/ready' && (req.method === 'GET' || req.method === 'HEAD')) {
      const result = await readiness(c);
      return sendJson(res, result.ready ? 200 : 503, { status: result.ready ? 'ready' : 'not ready', ...result });
    }
    if (path === yoga.graphqlEndpoint && req.method === 'POST' && req.headers['content-type']?.startsWith('multipart/form-data')) {
      if (!hasCsrfHeader(req.headers)) {
        // Refused before the body is parsed: nothing is streamed to storage, the rest is discarded.
        req.resume();
        return sendJson(res, 403, {
          errors: [{ message: `Required CSRF header not present: send ${CSRF_HEADERS[0]}`, extensions: { code: 'FORBIDDEN' } }],
        });
      }
      try {
        (req as IncomingMessage & { body?: unknown }).body = await parseMultipart(req, res, c.config);
      } catch (err) {
        const status = (err as { status?: number }).status ?? 400;
        const message = err instanceof Error ? err.message : 'Invalid multipart request';
        const code = status === 413 ? (/file uploads/.test(message) ? 'RESOURCE_LIMIT' : 'FILE_TOO_LARGE') : 'BAD_USER_INPUT';
        return sendJson(res, status, { errors: [{ message, extensions: { code } }] });
      }
    }
    if (await serveClient(req, res)) return;
    return yoga(req, res);
  };

  const server = createServer((req, res) => {
    // Each request gets its own tenant scope; authentication fills in the user (RLS, audit, limits).
    runInScope(() => handle(req, res), null, req.socket.remoteAddress ?? null).catch((err: unknown) => {
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
  trackWebSocketConnections(() => ws.wss.clients.size);

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
