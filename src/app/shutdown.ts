import type { Container } from './container.js';
import { installProcessGuards } from './process-guards.js';

/**
 * SIGTERM/SIGINT: `stop` stops taking work, finishes what is running (bounded by
 * SHUTDOWN_TIMEOUT_MS, see WorkerRuntime.stop) and closes connections; a shutdown that hangs
 * anyway is cut short ten seconds later, so an orchestrator never waits on a stuck process.
 */
export function onShutdown(c: Container, stop: () => Promise<void>): void {
  installProcessGuards(c.log);
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    c.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      c.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, c.config.shutdownTimeoutMs + 10_000);
    force.unref();
    stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        c.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
