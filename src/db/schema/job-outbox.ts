import { sql } from 'drizzle-orm';
import { documents } from './documents.js';
import { bigserial, index, integer, pgTable, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The transactional outbox: a document's pending job is written in the same transaction as the
 * document row, so a committed document always has its job on record even if Redis is down or
 * the process dies before enqueueing. The dispatcher moves pending rows into the queue (round
 * robin across owners) and stamps `dispatched_at`; the reconciler clears the stamp again when
 * the queue lost the job.
 */
export const jobOutbox = pgTable(
  'job_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    generation: integer('generation').notNull(),
    /** Only for fair dispatch across owners; never shown to anyone. */
    ownerId: uuid('owner_id').notNull(),
    /** Lower runs first (BullMQ semantics): small and interactive uploads get a low number. */
    priority: integer('priority').notNull().default(5),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    dispatchCount: integer('dispatch_count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('job_outbox_document_generation_key').on(t.documentId, t.generation),
    index('job_outbox_pending_idx')
      .on(t.ownerId, t.priority, t.id)
      .where(sql`${t.dispatchedAt} is null`),
  ],
);

export type JobOutboxRow = typeof jobOutbox.$inferSelect;
