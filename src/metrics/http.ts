import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import { metricsContentType, renderMetrics } from './registry.js';

/** GET /metrics in Prometheus text format. Unauthenticated, like every exporter: restrict it at the network. */
export async function serveMetrics(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await renderMetrics();
  res.writeHead(200, { 'content-type': metricsContentType, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * The worker has no HTTP API, but in services mode it is where conversions and stages run, so
 * it serves its own /metrics, and /health and /ready for the orchestrator's probes, on METRICS_PORT.
 */
export async function startMetricsServer(
  port: number,
  host: string,
  log: Logger,
  ready: () => Promise<{ ready: boolean }>,
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      serveMetrics(req, res).catch((err: unknown) => {
        log.error({ err }, 'metrics failed');
        res.destroy();
      });
    } else if (req.method === 'GET' && path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else if (req.method === 'GET' && path === '/ready') {
      ready().then(
        (r) => res.writeHead(r.ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(r)),
        () => res.writeHead(503).end(),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  log.info({ metricsUrl: `http://${host.includes(':') ? `[${host}]` : host}:${actual}/metrics` }, 'worker metrics listening');
  return server;
}
