import { existsSync } from 'node:fs';
import path from 'node:path';
import { createContainer } from './app/container.js';
import { onShutdown } from './app/shutdown.js';
import { ConfigError, loadConfig } from './config.js';
import { CLIENT_DIST } from './http/static.js';
import { createLogger } from './logger.js';

/**
 * The API role. In the embedded default it also runs the pipeline in-process, so one command
 * gives a working server; in services mode workers run separately (`npm run worker`).
 */
async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel, 'docsphere-api', config.logFormat);
  // The HTTP/GraphQL stack and the pipeline are hundreds of modules: they load while the
  // database opens (PGlite compiles its WebAssembly on background threads), not after it.
  const server = import('./http/server.js');
  const pipeline = config.runWorkers ? import('./app/worker-runtime.js') : undefined;
  const c = await createContainer(config, log);
  const workers = pipeline ? await (await pipeline).startWorkers(c) : undefined;
  const http = await (await server).startHttpServer(c);
  const web = existsSync(path.join(CLIENT_DIST, 'index.html')) ? new URL('/', http.url).href : undefined;
  log.info({ url: http.url, web, mode: config.mode, graphiql: config.graphiql }, readyLine(http.url, web, config.graphiql));
  onShutdown(c, async () => {
    await workers?.stop();
    await http.close();
    await c.close();
  });
}

/**
 * The first line a person reads after `npm start`: where to point the browser. It keeps "ready at"
 * because scripts and the test helpers wait for that phrase.
 */
function readyLine(graphqlUrl: string, webUrl: string | undefined, graphiql: boolean): string {
  const api = graphiql ? 'GraphQL and GraphiQL' : 'GraphQL';
  return webUrl
    ? `Docsphere ready at ${webUrl} (web client) · ${api} at ${graphqlUrl}`
    : `Docsphere ready at ${graphqlUrl} (${api}; no web client: npm run build:client)`;
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
