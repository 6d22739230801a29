import { createContainer } from './app/container.js';
import { readiness } from './app/readiness.js';
import { onShutdown } from './app/shutdown.js';
import { startWorkers } from './app/worker-runtime.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startMetricsServer } from './metrics/http.js';
import { trackQueueDepth } from './metrics/registry.js';

/** The worker role for services mode: any number of these may run, on any machine. */
async function main() {
  const config = loadConfig();
  if (config.mode !== 'services') {
    throw new ConfigError('npm run worker needs DATABASE_URL and REDIS_URL; the embedded default runs workers inside `npm start`');
  }
  const log = createLogger(config.logLevel, 'docsphere-worker', config.logFormat);
  const c = await createContainer(config, log, { dbRole: 'worker' });
  const workers = await startWorkers(c);
  trackQueueDepth(() => c.queue.pending());
  const metrics =
    config.metricsPort === undefined ? undefined : await startMetricsServer(config.metricsPort, config.host, log, () => readiness(c));
  onShutdown(c, async () => {
    await workers.stop();
    metrics?.close();
    await c.close();
  });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
