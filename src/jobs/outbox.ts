import type { Container } from '../app/container.js';
import { claimOutboxJobs, completeOutboxJobs, withDispatchLock } from '../db/repositories/outbox-repo.js';

/**
 * The dispatcher: moves pending outbox rows (db/repositories/outbox-repo.ts) into the queue.
 * Fairness across owners comes from two things: the queue is only topped up to a small window
 * (so a backlog waits in the database, not in Redis), and the window is filled round-robin by
 * owner, small files first within an owner. One user's 10,000 files therefore take one slot per
 * round, and another user's single upload gets the next free slot.
 *
 * Returns how many jobs were enqueued. A queue failure leaves the rest pending for next time;
 * the rows sent are completed in the same transaction that claimed them, under the dispatch
 * lock, so two dispatchers never send one row twice.
 */
export async function dispatchOutbox(c: Container, window: number): Promise<number> {
  const room = window - (await c.queue.pending());
  if (room <= 0) return 0;
  return withDispatchLock(c.db, 0, async (tx) => {
    const sent: number[] = [];
    for (const job of await claimOutboxJobs(tx, room)) {
      try {
        await c.queue.enqueue('document.process', { documentId: job.documentId, generation: job.generation }, { priority: job.priority });
        sent.push(job.id);
      } catch (err) {
        c.log.warn({ err }, 'dispatch to the queue failed; will retry');
        break;
      }
    }
    await completeOutboxJobs(tx, sent);
    return sent.length;
  });
}
