import type { Container } from '../app/container.js';
import { claimOutboxJobs, completeOutboxJobs } from '../db/repositories/outbox-repo.js';

export interface DispatchOptions {
  /**
   * Skip the pass unless at least this many slots are free (or the workers are about to run
   * dry): topping the window up after every finished job would cost a transaction per
   * document, topping it up by half a window costs one per several.
   */
  minRoom?: number;
  /**
   * Also when the window is full, send HIGH-priority jobs (one per owner) at once: an important
   * upload should not wait for half the window to drain. Ticks and HIGH uploads ask for this.
   */
  urgent?: boolean;
}

/** At most this many HIGH jobs go past a full window in one pass. */
const URGENT_LIMIT = 4;

/**
 * The dispatcher: moves pending outbox rows (db/repositories/outbox-repo.ts) into the queue.
 * Fairness across owners comes from two things: the queue is only topped up to a small window
 * (so a backlog waits in the database, not in Redis), and the window is filled round-robin by
 * owner, small files and HIGH priority first within an owner. One user's 10,000 files therefore
 * take one slot per round, and another user's single upload gets the next free slot.
 *
 * Returns how many jobs were enqueued, and whether the pass saw the outbox drained (it asked for
 * more rows than were pending and sent them all). A queue failure leaves the rest pending for next time;
 * the rows sent are completed in the same transaction that claimed them, under the dispatch
 * lock, so two dispatchers never send one row twice.
 */
export interface DispatchResult {
  sent: number;
  drained: boolean;
}

export async function dispatchOutbox(c: Container, window: number, options: DispatchOptions = {}): Promise<DispatchResult> {
  const pending = await c.queue.pending();
  const room = window - pending;
  const starving = pending < c.config.workerConcurrency;
  const worthIt = room > 0 && (room >= (options.minRoom ?? 1) || starving);
  if (!worthIt && !options.urgent) return { sent: 0, drained: false };
  // The claim takes the dispatch lock, held until this transaction ends (outbox-repo.ts).
  return c.db.transaction(async (tx) => {
    const limit = worthIt ? room : URGENT_LIMIT;
    const jobs = await claimOutboxJobs(tx, limit, { highOnly: !worthIt });
    const sent: number[] = [];
    for (const job of jobs) {
      try {
        await c.queue.enqueue('document.process', { documentId: job.documentId, generation: job.generation }, { priority: job.priority });
        sent.push(job.id);
      } catch (err) {
        c.log.warn({ err }, 'dispatch to the queue failed; will retry');
        break;
      }
    }
    await completeOutboxJobs(tx, sent);
    return { sent: sent.length, drained: worthIt && jobs.length < limit && sent.length === jobs.length };
  });
}
