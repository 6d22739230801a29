import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { queryRows } from '../rows.js';
import { documents, jobOutbox, type DocumentPriority } from '../schema/index.js';

/**
 * The transactional outbox's SQL (the table is described in db/schema/job-outbox.ts). Writers
 * add a row in the transaction that creates or reprocesses a document; the dispatcher in
 * jobs/outbox.ts claims pending rows, hands them to the queue and completes the ones it sent;
 * the reconciler reopens rows whose job the queue lost and prunes finished ones.
 */

/** Any fixed number: one dispatcher at a time (across processes) moves rows into the queue. */
const DISPATCH_LOCK = 727_274_002;

/** Small files jump the queue: an interactive upload should not wait behind a 50 MB scan. */
export const priorityForSize = (sizeBytes: number) => (sizeBytes < 1_000_000 ? 1 : sizeBytes < 10_000_000 ? 5 : 10);

/**
 * The owner's priority decides first, the size within it: every HIGH job (1-10) sorts before
 * every NORMAL one (21-30), which sort before LOW ones (41-50). Lower runs first, as in BullMQ,
 * where 0 would mean "no priority" (served before all prioritised jobs), so nothing is 0.
 */
const PRIORITY_BAND: Readonly<Record<DocumentPriority, number>> = { HIGH: 0, NORMAL: 20, LOW: 40 };
export const outboxPriority = (priority: DocumentPriority, sizeBytes: number) => PRIORITY_BAND[priority] + priorityForSize(sizeBytes);
/** Outbox priorities below this are HIGH uploads. */
const NORMAL_BAND = PRIORITY_BAND.NORMAL;

/** A pending job as the dispatcher sees it. */
export interface ClaimedJob {
  id: number;
  documentId: string;
  generation: number;
  priority: number;
}

/**
 * Records a document generation's pending job. Call it inside the transaction that creates or
 * reprocesses the document: the job then exists exactly when the document row does.
 */
export async function addToOutbox(ex: Executor, doc: OutboxDocument): Promise<void> {
  await ex.insert(jobOutbox).values(outboxRow(doc)).onConflictDoNothing();
}

type OutboxDocument = { id: string; generation: number; ownerId: string; sizeBytes: number; priority: DocumentPriority };

/** The pending-job row of a document generation (an upload's writes it in one statement with its other rows). */
export const outboxRow = (doc: OutboxDocument) => ({
  documentId: doc.id,
  generation: doc.generation,
  ownerId: doc.ownerId,
  priority: outboxPriority(doc.priority, doc.sizeBytes),
});

/**
 * Up to `limit` pending jobs whose document still waits at that generation, in dispatch order:
 * round-robin by owner (each owner's first pending job, then each one's second…), and within
 * an owner by priority, then age. Claiming writes nothing; `completeOutboxJobs` does.
 *
 * The priority handed to the queue lets an owner's first HIGH job of the round overtake the
 * jobs already waiting there; their further HIGH jobs of the round queue as NORMAL ones, so one
 * user marking everything HIGH gets one jump per round and cannot starve everybody else.
 * `highOnly` claims each owner's first HIGH job only (the dispatcher's pass for a full window).
 *
 * The same statement takes the dispatch lock for the rest of the caller's transaction, or claims
 * nothing when another dispatcher (in any process) holds it: two dispatchers would send the same
 * rows twice. (A statement of its own for the lock was a fifth of a dispatch pass's statements.)
 *
 * Each pending row looks its document up by primary key (a subquery per row) rather than through
 * a join the planner chooses: PGlite has no autovacuum, so its tables are never analysed, and
 * with default estimates (a handful of rows) the join became a nested loop over every pending
 * row times every unfinished document: about 8 ms a pass with 200 pending uploads and 75 ms with
 * 1,000, against 2-6 and 9-10 this way (BENCHMARKS.md, ingest).
 */
export async function claimOutboxJobs(ex: Executor, limit: number, options: { highOnly?: boolean } = {}): Promise<ClaimedJob[]> {
  if (limit <= 0) return [];
  const picked = await queryRows<{ id: number; document_id: string; generation: number; priority: number }>(
    ex,
    sql`
    with dispatch_lock as (select pg_try_advisory_xact_lock(${DISPATCH_LOCK}) as held)
    select id, document_id, generation,
           case when priority < ${NORMAL_BAND} and turn > 1 then priority + ${NORMAL_BAND} else priority end as priority
    from (
      select o.id, o.document_id, o.generation, o.priority,
             row_number() over (partition by o.owner_id order by o.priority, o.id) as turn
      from job_outbox o
      where (select held from dispatch_lock) and o.dispatched_at is null
        and (select d.status from documents d where d.id = o.document_id and d.generation = o.generation) in ('QUEUED', 'PROCESSING')
        ${options.highOnly ? sql`and o.priority < ${NORMAL_BAND}` : sql``}
    ) p
    ${options.highOnly ? sql`where turn = 1` : sql``}
    order by turn, p.priority, id
    limit ${limit}`,
  );
  return picked.map((r) => ({
    id: Number(r.id),
    documentId: r.document_id,
    generation: Number(r.generation),
    priority: Number(r.priority),
  }));
}

/** Stamps rows as handed to the queue; a row already stamped is left alone (counted once). */
export async function completeOutboxJobs(ex: Executor, ids: readonly number[]): Promise<void> {
  if (!ids.length) return;
  await ex
    .update(jobOutbox)
    .set({ dispatchedAt: sql`now()`, dispatchCount: sql`${jobOutbox.dispatchCount} + 1` })
    .where(and(inArray(jobOutbox.id, [...ids]), isNull(jobOutbox.dispatchedAt)));
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

/** Documents that should have a job (for the reconciler), oldest first, with their outbox row if any. */
export async function unfinishedWithOutbox(ex: Executor, limit: number) {
  return ex
    .select({
      id: documents.id,
      generation: documents.generation,
      ownerId: documents.ownerId,
      sizeBytes: documents.sizeBytes,
      priority: documents.priority,
      dispatchedAt: jobOutbox.dispatchedAt,
      outboxId: jobOutbox.id,
    })
    .from(documents)
    .leftJoin(jobOutbox, and(eq(jobOutbox.documentId, documents.id), eq(jobOutbox.generation, documents.generation)))
    .where(inArray(documents.status, ['QUEUED', 'PROCESSING']))
    .orderBy(documents.createdAt)
    .limit(limit);
}
