import { and, asc, eq, gt, ne, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { documentEvents, documents, type DocumentEventRow, type DocumentEventType, type DocumentRow } from '../schema/index.js';
import { keyScopeCondition, visibleDocuments } from './visibility.js';
import type { DocumentEventMessage } from '../../pubsub/topics.js';

export interface EventDetails {
  page?: number | null;
  pageCount?: number | null;
}

type EventDocument = Pick<DocumentRow, 'id' | 'ownerId' | 'status' | 'stage' | 'progress' | 'errorCode' | 'errorMessage'>;

/** The row recording `doc` as it now stands. */
export function eventRow(doc: EventDocument, type: DocumentEventType, details: EventDetails = {}) {
  return {
    documentId: doc.id,
    ownerId: doc.ownerId,
    type,
    status: doc.status,
    stage: doc.stage,
    progress: doc.progress,
    page: details.page ?? null,
    pageCount: details.pageCount ?? null,
    errorCode: doc.errorCode,
    errorMessage: doc.errorMessage,
  };
}

/**
 * Appends an event row describing `doc` as it now stands. Call it inside the transaction that
 * changed the document, then publish the returned message only after that transaction commits:
 * a subscriber must never hear of a state the database does not have.
 */
export async function appendDocumentEvent(
  ex: Executor,
  doc: EventDocument,
  type: DocumentEventType,
  details: EventDetails = {},
): Promise<DocumentEventMessage> {
  const [message] = await appendDocumentEvents(ex, [{ doc, type, details }]);
  return message!;
}

/**
 * Several events in one statement, in the order given (ids increase along the list): a state
 * change that also records the stage changes leading to it writes them all at once.
 */
export async function appendDocumentEvents(
  ex: Executor,
  events: readonly { doc: EventDocument; type: DocumentEventType; details?: EventDetails }[],
): Promise<DocumentEventMessage[]> {
  const rows = await ex
    .insert(documentEvents)
    .values(events.map(({ doc, type, details }) => eventRow(doc, type, details)))
    .returning();
  if (rows.length !== events.length) throw new Error('event insert returned too few rows');
  return rows.sort((a, b) => a.id - b.id).map(toEventMessage);
}

/** The row as it travels over pub/sub and replay alike, so a client cannot tell them apart. */
export function toEventMessage(row: DocumentEventRow): DocumentEventMessage {
  return {
    cursor: String(row.id),
    type: row.type,
    documentId: row.documentId,
    ownerId: row.ownerId,
    status: row.status,
    stage: row.stage,
    progress: row.progress,
    page: row.page,
    pageCount: row.pageCount,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    occurredAt: row.createdAt.toISOString(),
  };
}

/**
 * The events `userId` may replay after `after` (an event id), oldest first, optionally for one
 * document: their own documents' (rows of deleted documents are kept, so a deletion replays like
 * any other event) plus those of documents shared with them through collections, by the one
 * visibility rule (visibility.ts), so a scoped API key narrows both to its collections. A shared
 * document's history is replayable while it is visible: the member may read the document, so its
 * past states are no secret; once it leaves their collections (or is deleted) its rows stop
 * replaying. Two queries merged by id: the caller's own rows by the (owner, id) index, and the
 * rest through `eventsOfDocuments`.
 */
export async function listEventsAfter(
  ex: Executor,
  userId: string,
  options: { after: number; documentId?: string; limit: number },
): Promise<DocumentEventMessage[]> {
  const keyScope = keyScopeCondition(userId);
  const [own, shared] = await Promise.all([
    keyScope
      ? // A scoped key reaches its user's own documents only through its collections.
        eventsOfDocuments(ex, and(eq(documents.ownerId, userId), keyScope)!, options)
      : ex
          .select()
          .from(documentEvents)
          .where(and(eq(documentEvents.ownerId, userId), afterCursor(options)))
          .orderBy(asc(documentEvents.id))
          .limit(options.limit),
    eventsOfDocuments(ex, and(visibleDocuments(userId), ne(documents.ownerId, userId))!, options),
  ]);
  return [...own, ...shared]
    .sort((a, b) => a.id - b.id)
    .slice(0, options.limit)
    .map(toEventMessage);
}

const afterCursor = (options: { after: number; documentId?: string }) =>
  and(gt(documentEvents.id, options.after), options.documentId ? eq(documentEvents.documentId, options.documentId) : undefined);

/**
 * The first `limit` events after the cursor of the documents matching `condition`, one index probe
 * per document ((document, id) index, LATERAL). "Events whose document is in this set" as a plain
 * filter walks every event after the cursor, everyone's, to find a few: on PGlite with 100,000
 * events a 200-row page took about 200 ms that way, 20-50 ms this way (the caller's own rows
 * alone 3-10 ms; a machine at load 10 on 2 cores, so ratios rather than figures).
 */
async function eventsOfDocuments(ex: Executor, condition: SQL, options: { after: number; documentId?: string; limit: number }) {
  const docs = ex.select({ docId: documents.id }).from(documents).where(condition).as('v');
  const events = ex
    .select()
    .from(documentEvents)
    .where(and(sql`${documentEvents.documentId} = ${docs.docId}`, afterCursor(options)))
    .orderBy(asc(documentEvents.id))
    .limit(options.limit)
    .as('e');
  const rows = await ex
    .select()
    .from(docs)
    .innerJoinLateral(events, sql`true`)
    .orderBy(asc(events.id))
    .limit(options.limit);
  return rows.map((r) => r.e);
}

/** Whether the owner ever had events for this document (it may since have been deleted). */
export async function hasDocumentEvents(ex: Executor, ownerId: string, documentId: string): Promise<boolean> {
  const rows = await ex
    .select({ id: documentEvents.id })
    .from(documentEvents)
    .where(and(eq(documentEvents.ownerId, ownerId), eq(documentEvents.documentId, documentId)))
    .limit(1);
  return rows.length > 0;
}
