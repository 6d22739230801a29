import type { Executor } from '../client.js';
import { documentEvents, type DocumentEventType, type DocumentRow } from '../schema/index.js';
import type { DocumentEventMessage } from '../../pubsub/topics.js';

export interface EventDetails {
  page?: number | null;
  pageCount?: number | null;
}

/**
 * Appends an event row describing `doc` as it now stands. Call it inside the transaction that
 * changed the document, then publish the returned message only after that transaction commits:
 * a subscriber must never hear of a state the database does not have.
 */
export async function appendDocumentEvent(
  ex: Executor,
  doc: Pick<DocumentRow, 'id' | 'ownerId' | 'status' | 'stage' | 'progress' | 'errorCode' | 'errorMessage'>,
  type: DocumentEventType,
  details: EventDetails = {},
): Promise<DocumentEventMessage> {
  const [row] = await ex
    .insert(documentEvents)
    .values({
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
    })
    .returning();
  if (!row) throw new Error('event insert returned no row');
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
