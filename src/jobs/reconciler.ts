import type { Container } from '../app/container.js';
import { addToOutbox, markUndispatched, pruneOutbox, unfinishedWithOutbox } from '../db/repositories/outbox-repo.js';

/** Documents checked per pass; a larger backlog is covered over the following passes. */
const BATCH = 2000;
/** A dispatched job younger than this may still be on its way into the queue. */
const GRACE_MS = 5_000;

export interface ReconcileReport {
  checked: number;
  /** Unfinished documents that had no outbox row (from before the outbox, or hand-edited). */
  restored: number;
  /** Dispatched jobs the queue no longer has (Redis flushed, job failed for good, process died). */
  revived: number;
}

/**
 * Makes the queue agree with the database, which is the source of truth: every QUEUED or
 * PROCESSING document must have a live job. Documents whose job is gone get their outbox row
 * marked pending again and the dispatcher re-enqueues them (same job id, so a job that did
 * survive is not doubled). A PROCESSING document whose worker died is covered twice: BullMQ
 * moves a job with an expired lock back to waiting (JOB_LOCK_MS), and if that job was lost or
 * failed as stalled, this pass revives it.
 *
 * `graceMs` skips jobs dispatched moments ago (they may be in flight to the queue); at worker
 * start it is 0, since whatever this process had dispatched before it died is gone.
 */
export async function reconcile(c: Container, graceMs = GRACE_MS): Promise<ReconcileReport> {
  const now = Date.now();
  const report: ReconcileReport = { checked: 0, restored: 0, revived: 0 };
  const rows = await unfinishedWithOutbox(c.db, BATCH);
  for (const row of rows) {
    report.checked++;
    if (row.outboxId === null) {
      await addToOutbox(c.db, row);
      report.restored++;
      continue;
    }
    if (!row.dispatchedAt || now - row.dispatchedAt.getTime() < graceMs) continue;
    const live = await c.queue.isLive('document.process', { documentId: row.id, generation: row.generation });
    if (!live) {
      await markUndispatched(c.db, row.id, row.generation);
      report.revived++;
    }
  }
  await pruneOutbox(c.db);
  if (report.restored || report.revived) c.log.info(report, 'reconciler re-queued documents');
  return report;
}
