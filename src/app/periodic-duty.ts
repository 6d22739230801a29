/**
 * A background duty of the worker role (storage sweeper, webhook deliveries, watched folder):
 * run at start and then every `intervalMs`, never two passes at once (a slow pass skips ticks
 * instead of piling up), a failed pass logged and retried at the next tick, and `stop()` waiting
 * for the pass in flight so shutdown never cuts one in half.
 */
import type { Logger } from '../logger.js';

export interface PeriodicDuty {
  stop(): Promise<void>;
}

/**
 * @param pass one unit of work; it receives `stopped()` so a pass that loops over a backlog can
 *   end early once shutdown has begun
 */
export function startPeriodicDuty(
  name: string,
  intervalMs: number,
  pass: (stopped: () => boolean) => Promise<unknown>,
  log: Logger,
): PeriodicDuty {
  let stopped = false;
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (stopped || running) return;
    running = pass(() => stopped)
      .catch((err: unknown) => log.warn({ err }, `${name} failed`))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
