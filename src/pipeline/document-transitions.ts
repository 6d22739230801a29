import type { Container } from '../app/container.js';
import type { Executor } from '../db/client.js';
import { appendDocumentEvents, type EventDetails } from '../db/repositories/events-repo.js';
import { updateAtGeneration, type DocumentSummary } from '../db/repositories/documents-repo.js';
import type { DocumentEventType, DocumentRow } from '../db/schema/index.js';
import type { DocumentEventMessage } from '../pubsub/topics.js';

export type DocumentPatch = Partial<Omit<DocumentRow, 'id' | 'ownerId' | 'createdAt'>>;

/** A state change not yet written: recorded by the next transition, before its own (pipeline/document-writer.ts). */
export interface Announcement {
  patch: DocumentPatch;
  type: DocumentEventType;
  details?: EventDetails;
}

/**
 * Every document state change goes through here: the row update and its event row commit
 * together, and the event is published only after the commit. `extra` runs in the same
 * transaction (e.g. writing chunks) so the state never claims work that was not saved.
 * `before` are earlier changes of the same job not yet written (a stage entered moments ago):
 * their events go first, in order, each describing the document as it stood then, so a
 * subscriber and a replay both see the same sequence as if each had committed on its own.
 *
 * Returns the row without its content (documents-repo.ts), or null when the document is gone or
 * at another generation: the caller's work is stale.
 */
export async function transition(
  c: Container,
  doc: { id: string; generation: number },
  patch: DocumentPatch,
  type: DocumentEventType,
  options: { details?: EventDetails; extra?: (tx: Executor, row: DocumentSummary) => Promise<void>; before?: readonly Announcement[] } = {},
): Promise<DocumentSummary | null> {
  const before = options.before ?? [];
  const merged = Object.assign({}, ...before.map((a) => a.patch), patch) as DocumentPatch;
  const result = await c.db.transaction(async (tx) => {
    const row = await updateAtGeneration(tx, doc.id, doc.generation, merged);
    if (!row) return null;
    await options.extra?.(tx, row);
    let upTo: DocumentPatch = {};
    const messages = await appendDocumentEvents(tx, [
      // An earlier state: the row as it is now, with the changes up to that one (and no later ones).
      ...before.map((a) => {
        upTo = { ...upTo, ...a.patch };
        return { doc: { ...row, ...stateAt(row, upTo) }, type: a.type, details: a.details };
      }),
      { doc: row, type, details: options.details },
    ]);
    return { row, messages };
  });
  if (!result) return null;
  for (const message of result.messages) publish(c, message);
  return result.row;
}

/** The fields an event shows, as an announcement set them (errors cleared: a running stage has none). */
const stateAt = (row: DocumentSummary, patch: DocumentPatch): Partial<DocumentSummary> => ({
  status: patch.status ?? row.status,
  stage: patch.stage !== undefined ? patch.stage : row.stage,
  progress: patch.progress ?? row.progress,
  errorCode: patch.errorCode !== undefined ? patch.errorCode : null,
  errorMessage: patch.errorMessage !== undefined ? patch.errorMessage : null,
});

/** Publishing must never fail a state change that has already committed. */
export function publish(c: Container, message: DocumentEventMessage): void {
  try {
    c.bus.publishDocumentEvent(message);
  } catch (err) {
    c.log.warn({ err, documentId: message.documentId }, 'event publish failed');
  }
}
