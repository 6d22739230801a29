import { createContainer } from './app/container.js';
import { onShutdown, startWorkers } from './app/roles.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

/** The worker role for services mode: any number of these may run, on any machine. */
async function main() {
  const config = loadConfig();
  if (config.mode !== 'services') {
    throw new ConfigError('npm run worker needs DATABASE_URL and REDIS_URL; the embedded default runs workers inside `npm start`');
  }
  const log = createLogger(config.logLevel, 'docsphere-worker');
  const c = await createContainer(config, log);
  await startWorkers(c);
  onShutdown(c, () => c.close());
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
