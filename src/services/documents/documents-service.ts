import type { Container } from '../../app/container.js';
import { countDocumentChunks, listDocumentChunks } from '../../db/repositories/chunks-repo.js';
import {
  deleteOwnedDocument,
  findOwnedDocument,
  findOwnedDocuments,
  loadDocumentContent,
  type DocumentSummary,
} from '../../db/repositories/documents-repo.js';
import {
  countOwnedDocuments,
  listOwnedDocuments,
  type DocumentFilter,
  type PageRequest,
} from '../../db/repositories/documents-list-repo.js';
import { appendDocumentEvent } from '../../db/repositories/events-repo.js';
import { addToOutbox } from '../../db/repositories/outbox-repo.js';
import { notFound } from '../../errors.js';
import type { AuthUser } from '../auth/types.js';
import { audit } from '../auth/audit-log.js';
import { publish, transition } from '../../pipeline/document-transitions.js';
import { withoutContent } from './document-presenter.js';
import { nudgeDispatch } from '../../jobs/outbox-nudge.js';

export async function getDocument(c: Container, user: AuthUser, id: string) {
  const doc = await findOwnedDocument(c.db, user.id, id);
  if (!doc) throw notFound('Document');
  return doc;
}

export function listDocuments(c: Container, user: AuthUser, filter: DocumentFilter, page: PageRequest) {
  return listOwnedDocuments(c.db, user.id, filter, page);
}

export function countDocuments(c: Container, user: AuthUser, filter: DocumentFilter): Promise<number> {
  return countOwnedDocuments(c.db, user.id, filter);
}

/**
 * Batch reads for the doors' loaders and for search hits: the owner's documents among `ids`, in
 * no particular order, silently without those that are not theirs (or gone).
 */
export function getDocuments(c: Container, ownerId: string, ids: readonly string[]): Promise<DocumentSummary[]> {
  return findOwnedDocuments(c.db, ownerId, ids);
}

/** The Markdown and plain text of the owner's documents among `ids`, loaded only when asked for. */
export function getDocumentContents(c: Container, ownerId: string, ids: readonly string[]) {
  return loadDocumentContent(c.db, ownerId, ids);
}

/** A page of a document's chunks in reading order; `doc` is one the caller already holds. */
export function listChunks(c: Container, doc: Pick<DocumentSummary, 'id' | 'ownerId'>, offset: number, limit: number) {
  return listDocumentChunks(c.db, doc.ownerId, doc.id, offset, limit);
}

export function countChunks(c: Container, doc: Pick<DocumentSummary, 'id' | 'ownerId'>): Promise<number> {
  return countDocumentChunks(c.db, doc.ownerId, doc.id);
}

/**
 * Removes the document, its chunks (cascade) and its stored original. The rows go first, in one
 * transaction with the DOCUMENT_DELETED event; the file is removed after the commit, so a crash
 * in between leaves at worst an unreferenced file, never a document without its original.
 */
export async function deleteDocument(c: Container, user: AuthUser, id: string) {
  const deleted = await c.db.transaction(async (tx) => {
    const row = await deleteOwnedDocument(tx, user.id, id);
    if (!row) return null;
    const message = await appendDocumentEvent(tx, { ...row, stage: null }, 'DOCUMENT_DELETED');
    return { row, message };
  });
  if (!deleted) throw notFound('Document');
  await c.blobs.delete(deleted.row.storageKey).catch((err: unknown) => {
    c.log.error({ err, documentId: id }, 'stored file could not be removed');
  });
  publish(c, deleted.message);
  await audit(c, { userId: user.id, action: 'DOCUMENT_DELETED', documentId: id, details: { filename: deleted.row.filename } });
  return withoutContent(deleted.row);
}

/**
 * Starts the pipeline again from the stored original. The generation bump makes any job still
 * running for the old generation stop at its next step instead of overwriting the new results.
 */
export async function reprocessDocument(c: Container, user: AuthUser, id: string) {
  const current = await getDocument(c, user, id);
  const row = await transition(
    c,
    current,
    {
      generation: current.generation + 1,
      status: 'QUEUED',
      stage: null,
      progress: 0,
      errorCode: null,
      errorMessage: null,
    },
    'PROCESSING_STATUS',
    { extra: (tx, updated) => addToOutbox(tx, updated) },
  );
  if (!row) throw notFound('Document');
  nudgeDispatch(c, row.priority === 'HIGH');
  await audit(c, { userId: user.id, action: 'DOCUMENT_REPROCESSED', documentId: row.id });
  return withoutContent(row);
}
