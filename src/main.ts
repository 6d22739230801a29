import { createContainer } from './app/container.js';
import { onShutdown } from './app/shutdown.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

/**
 * The API role. In the embedded default it also runs the pipeline in-process, so one command
 * gives a working server; in services mode workers run separately (`npm run worker`).
 */
async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel, 'docsphere-api');
  // The HTTP/GraphQL stack and the pipeline are hundreds of modules: they load while the
  // database opens (PGlite compiles its WebAssembly on background threads), not after it.
  const server = import('./http/server.js');
  const pipeline = config.runWorkers ? import('./app/worker-runtime.js') : undefined;
  const c = await createContainer(config, log);
  const workers = pipeline ? await (await pipeline).startWorkers(c) : undefined;
  const http = await (await server).startHttpServer(c);
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
