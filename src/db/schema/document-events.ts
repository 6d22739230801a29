import { bigserial, index, integer, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const documentEventType = [
  'DOCUMENT_UPLOADED',
  'PROCESSING_STATUS',
  'DOCUMENT_INDEXED',
  'DOCUMENT_FAILED',
  'DOCUMENT_DELETED',
  /** Title, tags or custom fields edited (`updateDocument`); status and progress as they stood. */
  'DOCUMENT_UPDATED',
] as const;
export type DocumentEventType = (typeof documentEventType)[number];

/**
 * Every state change, in commit order. The serial id is the event cursor clients resume from;
 * rows outlive their document (no foreign key) so a deletion can still be replayed.
 */
export const documentEvents = pgTable(
  'document_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentId: uuid('document_id').notNull(),
    ownerId: uuid('owner_id').notNull(),
    type: text('type').$type<DocumentEventType>().notNull(),
    status: text('status').notNull(),
    stage: text('stage'),
    progress: real('progress').notNull().default(0),
    page: integer('page'),
    pageCount: integer('page_count'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('document_events_owner_idx').on(t.ownerId, t.id), index('document_events_document_idx').on(t.documentId, t.id)],
);

export type DocumentEventRow = typeof documentEvents.$inferSelect;
