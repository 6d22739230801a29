import type { Container } from '../app/container.js';

/**
 * After a use-case commits an outbox row: dispatch now instead of at the dispatcher's next tick
 * (500 ms). Workers in this process (embedded default) are nudged directly; an API process
 * without workers (services mode) tells the worker processes over the event bus (Redis), which
 * was the per-document wait between an upload and its first stage there. A lost nudge costs
 * only that wait: the tick still finds every row.
 */
export function nudgeDispatch(c: Container, urgent: boolean): void {
  if (c.workers) {
    c.workers.nudgeDispatch(urgent);
    return;
  }
  try {
    c.bus.publishOutboxNudge({ urgent });
  } catch (err) {
    c.log.warn({ err }, 'outbox nudge publish failed');
  }
}
