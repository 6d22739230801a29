import { startHttpServer } from './http/server.js';
import { createContainer } from './app/container.js';
import { onShutdown } from './app/shutdown.js';
import { startWorkers } from './app/worker-runtime.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

/**
 * The API role. In the embedded default it also runs the pipeline in-process, so one command
 * gives a working server; in services mode workers run separately (`npm run worker`).
 */
async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel, 'docsphere-api');
  const c = await createContainer(config, log);
  const workers = config.runWorkers ? await startWorkers(c) : undefined;
  const http = await startHttpServer(c);
  log.info({ url: http.url, mode: config.mode, graphiql: config.graphiql }, `Docsphere GraphQL ready at ${http.url}`);
  onShutdown(c, async () => {
    await workers?.stop();
    await http.close();
    await c.close();
  });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
