import type { Container } from '../app/container.js';
import type { Executor } from '../db/client.js';
import { appendDocumentEvent, type EventDetails } from '../db/repositories/events-repo.js';
import { updateAtGeneration } from '../db/repositories/documents-repo.js';
import type { DocumentEventType, DocumentRow } from '../db/schema/index.js';
import type { DocumentEventMessage } from '../pubsub/topics.js';

export type DocumentPatch = Partial<Omit<DocumentRow, 'id' | 'ownerId' | 'createdAt'>>;

/**
 * Every document state change goes through here: the row update and its event row commit
 * together, and the event is published only after the commit. `extra` runs in the same
 * transaction (e.g. writing chunks) so the state never claims work that was not saved.
 *
 * Returns null when the document is gone or at another generation: the caller's work is stale.
 */
export async function transition(
  c: Container,
  doc: { id: string; generation: number },
  patch: DocumentPatch,
  type: DocumentEventType,
  options: { details?: EventDetails; extra?: (tx: Executor, row: DocumentRow) => Promise<void> } = {},
): Promise<DocumentRow | null> {
  const result = await c.db.transaction(async (tx) => {
    const row = await updateAtGeneration(tx, doc.id, doc.generation, patch);
    if (!row) return null;
    await options.extra?.(tx, row);
    const message = await appendDocumentEvent(tx, row, type, options.details);
    return { row, message };
  });
  if (!result) return null;
  publish(c, result.message);
  return result.row;
}

/** Publishing must never fail a state change that has already committed. */
export function publish(c: Container, message: DocumentEventMessage): void {
  try {
    c.bus.publishDocumentEvent(message);
  } catch (err) {
    c.log.warn({ err, documentId: message.documentId }, 'event publish failed');
  }
}
