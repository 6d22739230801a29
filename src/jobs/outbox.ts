import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Container } from '../app/container.js';
import type { Executor } from '../db/client.js';
import { documents, jobOutbox } from '../db/schema/index.js';

/** Any fixed number: one dispatcher at a time (across processes) moves rows into the queue. */
const DISPATCH_LOCK = 727_274_002;

/** Small files jump the queue: an interactive upload should not wait behind a 50 MB scan. */
export const priorityForSize = (sizeBytes: number) => (sizeBytes < 1_000_000 ? 1 : sizeBytes < 10_000_000 ? 5 : 10);

/**
 * Records a document generation's pending job. Call it inside the transaction that creates or
 * reprocesses the document: the job then exists exactly when the document row does.
 */
export async function addToOutbox(
  ex: Executor,
  doc: { id: string; generation: number; ownerId: string; sizeBytes: number },
): Promise<void> {
  await ex
    .insert(jobOutbox)
    .values({ documentId: doc.id, generation: doc.generation, ownerId: doc.ownerId, priority: priorityForSize(doc.sizeBytes) })
    .onConflictDoNothing();
}

/** The reconciler's lever: the queue lost these jobs, so the dispatcher sends them again. */
export async function markUndispatched(ex: Executor, documentId: string, generation: number): Promise<void> {
  await ex
    .update(jobOutbox)
    .set({ dispatchedAt: null })
    .where(and(eq(jobOutbox.documentId, documentId), eq(jobOutbox.generation, generation)));
}

/** Rows whose document finished or moved to another generation are history; drop them. */
export async function pruneOutbox(ex: Executor): Promise<void> {
  await ex.execute(sql`
    delete from job_outbox o
    where not exists (
      select 1 from documents d
      where d.id = o.document_id and d.generation = o.generation and d.status in ('QUEUED', 'PROCESSING'))`);
}

/**
 * Moves pending outbox rows into the queue. Fairness across owners comes from two things: the
 * queue is only topped up to a small window (so a backlog waits here, not in Redis), and the
 * window is filled round-robin by owner (each owner's first pending job, then each one's
 * second…, small files first within an owner). One user's 10,000 files therefore take one
 * slot per round, and another user's single upload gets the next free slot.
 *
 * Returns how many jobs were enqueued. A queue failure leaves the rows pending for next time.
 */
export async function dispatchOutbox(c: Container, window: number): Promise<number> {
  const room = window - (await c.queue.pending());
  if (room <= 0) return 0;
  return c.db.transaction(async (tx) => {
    const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${DISPATCH_LOCK}) as ok`));
    if (!lock?.ok) return 0;
    const picked = await tx.execute(sql`
      select id, document_id, generation, priority from (
        select o.id, o.document_id, o.generation, o.priority,
               row_number() over (partition by o.owner_id order by o.priority, o.id) as turn
        from job_outbox o
        join documents d on d.id = o.document_id and d.generation = o.generation
        where o.dispatched_at is null and d.status in ('QUEUED', 'PROCESSING')
      ) p
      order by turn, priority, id
      limit ${room}`);
    const rows = rowsOf<{ id: number; document_id: string; generation: number; priority: number }>(picked);
    const sent: number[] = [];
    for (const r of rows) {
      try {
        await c.queue.enqueue(
          'document.process',
          { documentId: r.document_id, generation: Number(r.generation) },
          { priority: Number(r.priority) },
        );
        sent.push(Number(r.id));
      } catch (err) {
        c.log.warn({ err }, 'dispatch to the queue failed; will retry');
        break;
      }
    }
    if (sent.length) {
      await tx
        .update(jobOutbox)
        .set({ dispatchedAt: sql`now()`, dispatchCount: sql`${jobOutbox.dispatchCount} + 1` })
        .where(and(inArray(jobOutbox.id, sent), isNull(jobOutbox.dispatchedAt)));
    }
    return sent.length;
  });
}

/** Documents that should have a job (for the reconciler), oldest first. */
export async function unfinishedWithOutbox(ex: Executor, limit: number) {
  return ex
    .select({
      id: documents.id,
      generation: documents.generation,
      ownerId: documents.ownerId,
      sizeBytes: documents.sizeBytes,
      dispatchedAt: jobOutbox.dispatchedAt,
      outboxId: jobOutbox.id,
    })
    .from(documents)
    .leftJoin(jobOutbox, and(eq(jobOutbox.documentId, documents.id), eq(jobOutbox.generation, documents.generation)))
    .where(inArray(documents.status, ['QUEUED', 'PROCESSING']))
    .orderBy(documents.createdAt)
    .limit(limit);
}

/** postgres.js returns an array of rows, PGlite a `{ rows }` result: accept both. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
