import type { Logger } from '../logger.js';

/**
 * postgres.js 3.4.9 (the newest release) can throw from a `setImmediate` after a connection
 * closed under it (a PostgreSQL restart, a proxy dropping idle sockets): `nextWrite` calls
 * `socket.write` on a null socket. Thrown there, it escapes every try/catch and would kill the
 * process, although the driver has already rejected the affected query with CONNECTION_CLOSED
 * (which our retries handle) and the pool reconnects on the next query. Upstream:
 * porsager/postgres#1154, #1208 (fix proposed in #1168/#1209, unreleased).
 */
export function isPostgresNullSocketWrite(err: unknown): boolean {
  return (
    err instanceof TypeError &&
    /reading 'write'/.test(err.message) &&
    /nextWrite/.test(err.stack ?? '') &&
    /postgres[\\/]src[\\/]connection\.js/.test(err.stack ?? '')
  );
}

let installed = false;

/**
 * Survives exactly that driver bug; any other uncaught exception still ends the process (after
 * logging), as Node's default would, so a real bug is never papered over.
 */
export function installProcessGuards(log: Logger): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', (err) => {
    if (isPostgresNullSocketWrite(err)) {
      log.warn({ err }, 'postgres.js wrote to a closed connection (known driver bug); continuing');
      return;
    }
    log.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
}
