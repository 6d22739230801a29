import type { Container } from '../../app/container.js';
import { countDocumentChunks, listDocumentChunks } from '../../db/repositories/chunks-repo.js';
import {
  deleteDocumentById,
  findVisibleDocument,
  findVisibleDocuments,
  loadDocumentContent,
  type DocumentSummary,
} from '../../db/repositories/documents-repo.js';
import { documentAccess, type DocumentAccess } from '../../db/repositories/visibility.js';
import {
  countVisibleDocuments,
  listVisibleDocuments,
  type DocumentFilter,
  type PageRequest,
} from '../../db/repositories/documents-list-repo.js';
import { appendDocumentEvent } from '../../db/repositories/events-repo.js';
import { addToOutbox } from '../../db/repositories/outbox-repo.js';
import { forbidden, notFound } from '../../errors.js';
import type { AuthUser } from '../auth/types.js';
import { audit } from '../auth/audit-log.js';
import { publish, transition } from '../../pipeline/document-transitions.js';
import { withoutContent } from './document-presenter.js';
import { normalizeTagFilter } from './document-metadata.js';
import { nudgeDispatch } from '../../jobs/outbox-nudge.js';

/** A document the caller may see (own, or in a collection they are a member of); NOT_FOUND otherwise. */
export async function getDocument(c: Container, user: AuthUser, id: string) {
  const doc = await findVisibleDocument(c.db, user.id, id);
  if (!doc) throw notFound('Document');
  return doc;
}

/**
 * A document the caller may change: its owner, or an EDITOR/OWNER of a collection holding it.
 * A viewer gets FORBIDDEN (they can see it anyway); anyone else NOT_FOUND, revealing nothing.
 */
export async function getEditableDocument(c: Container, user: AuthUser, id: string) {
  const access = await requireAccess(c, user, id);
  if (access === 'VIEWER') throw forbidden('Viewers of a collection cannot change its documents');
  return getDocument(c, user, id);
}

async function requireAccess(c: Container, user: AuthUser, id: string): Promise<DocumentAccess> {
  const access = await documentAccess(c.db, user.id, id);
  if (!access) throw notFound('Document');
  return access;
}

/** The filter as the repository takes it: tags normalised like stored ones (BAD_USER_INPUT when invalid). */
const checkedFilter = (filter: DocumentFilter): DocumentFilter => ({ ...filter, tags: normalizeTagFilter(filter.tags) });

export function listDocuments(c: Container, user: AuthUser, filter: DocumentFilter, page: PageRequest) {
  return listVisibleDocuments(c.db, user.id, checkedFilter(filter), page);
}

export function countDocuments(c: Container, user: AuthUser, filter: DocumentFilter): Promise<number> {
  return countVisibleDocuments(c.db, user.id, checkedFilter(filter));
}

/**
 * Batch reads for the doors' loaders and for search hits: the documents among `ids` that the user
 * may see, in no particular order, silently without the others (or gone).
 */
export function getDocuments(c: Container, userId: string, ids: readonly string[]): Promise<DocumentSummary[]> {
  return findVisibleDocuments(c.db, userId, ids);
}

/** The Markdown and plain text of the visible documents among `ids`, loaded only when asked for. */
export function getDocumentContents(c: Container, userId: string, ids: readonly string[]) {
  return loadDocumentContent(c.db, userId, ids);
}

/** A page of a document's chunks in reading order; `doc` is one the caller already holds. */
export function listChunks(c: Container, doc: Pick<DocumentSummary, 'id' | 'ownerId'>, offset: number, limit: number) {
  return listDocumentChunks(c.db, doc.ownerId, doc.id, offset, limit);
}

export function countChunks(c: Container, doc: Pick<DocumentSummary, 'id' | 'ownerId'>): Promise<number> {
  return countDocumentChunks(c.db, doc.ownerId, doc.id);
}

/**
 * Removes the document, its chunks and collection entries (cascade) and its stored original; its
 * owner or an editor of a collection holding it may. The rows go first, in one transaction with
 * the DOCUMENT_DELETED event (written before the delete: row-level security lets an editor write
 * it only while the document is still shared with them); the file is removed after the commit, so
 * a crash in between leaves at worst an unreferenced file, never a document without its original.
 */
export async function deleteDocument(c: Container, user: AuthUser, id: string) {
  const current = await getEditableDocument(c, user, id);
  const deleted = await c.db.transaction(async (tx) => {
    const message = await appendDocumentEvent(tx, { ...current, stage: null }, 'DOCUMENT_DELETED');
    const row = await deleteDocumentById(tx, id);
    if (!row) throw notFound('Document');
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
  const current = await getEditableDocument(c, user, id);
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
  // A transition answers without the content already (documents-repo.ts, updateAtGeneration).
  return row;
}
