import type { Container } from '../../app/container.js';
import {
  collectionsOfDocuments,
  countCollectionDocuments,
  countMemberCollections,
  deleteCollectionDocuments,
  deleteCollectionRow,
  findMemberCollections,
  insertCollection,
  insertCollectionDocuments,
  insertMember,
  listMemberCollections,
  ownedDocumentIds,
  updateCollectionRow,
  type MemberCollection,
} from '../../db/repositories/collections-repo.js';
import { badInput, forbidden, notFound } from '../../errors.js';
import { audit } from '../auth/audit-log.js';
import type { AuthUser } from '../auth/types.js';
import { getDocuments } from '../documents/documents-service.js';
import { isId, requireCollectionRole } from './collection-access.js';

/**
 * Collections: team knowledge bases. A collection grants its members access to documents; it
 * never owns them, so removing a document from a collection or deleting the collection leaves
 * every document with its owner. Members are managed in collection-members.ts.
 */

const MAX_NAME = 200;
const MAX_DESCRIPTION = 4000;

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw badInput('A collection needs a name');
  if (trimmed.length > MAX_NAME) throw badInput(`A collection name has at most ${MAX_NAME} characters`);
  return trimmed;
}

function cleanDescription(description: string | null | undefined): string {
  const d = (description ?? '').trim();
  if (d.length > MAX_DESCRIPTION) throw badInput(`A description has at most ${MAX_DESCRIPTION} characters`);
  return d;
}

/** Creates a collection owned by the caller, who becomes its OWNER member, in one transaction. */
export async function createCollection(
  c: Container,
  user: AuthUser,
  input: { name: string; description?: string | null },
): Promise<MemberCollection> {
  const values = { name: cleanName(input.name), description: cleanDescription(input.description), ownerId: user.id };
  const row = await c.db.transaction(async (tx) => {
    const created = await insertCollection(tx, values);
    await insertMember(tx, created.id, user.id, 'OWNER');
    return created;
  });
  await audit(c, { userId: user.id, action: 'COLLECTION_CREATED', details: { collectionId: row.id, name: row.name } });
  return { ...row, role: 'OWNER' };
}

/** Renames or re-describes a collection: its OWNER only. */
export async function updateCollection(
  c: Container,
  user: AuthUser,
  id: string,
  input: { name?: string | null; description?: string | null },
): Promise<MemberCollection> {
  await requireCollectionRole(c, user, id, 'OWNER');
  const patch = {
    ...(input.name != null ? { name: cleanName(input.name) } : {}),
    ...(input.description != null ? { description: cleanDescription(input.description) } : {}),
  };
  const row = await updateCollectionRow(c.db, id, patch);
  if (!row) throw notFound('Collection');
  await audit(c, { userId: user.id, action: 'COLLECTION_UPDATED', details: { collectionId: id, ...patch } });
  return { ...row, role: 'OWNER' };
}

/** Deletes a collection and its memberships; its documents stay with their owners. OWNER only. */
export async function deleteCollection(c: Container, user: AuthUser, id: string): Promise<{ id: string }> {
  const collection = await requireCollectionRole(c, user, id, 'OWNER');
  if (!(await deleteCollectionRow(c.db, id))) throw notFound('Collection');
  await audit(c, { userId: user.id, action: 'COLLECTION_DELETED', details: { collectionId: id, name: collection.name } });
  return { id };
}

export async function getCollection(c: Container, user: AuthUser, id: string): Promise<MemberCollection> {
  const [row] = await findMemberCollections(c.db, user.id, [id]);
  if (!row) throw notFound('Collection');
  return row;
}

/** Batch read for loaders and node(id): the caller's collections among `ids`. */
export function getCollections(c: Container, userId: string, ids: readonly string[]): Promise<MemberCollection[]> {
  return findMemberCollections(c.db, userId, ids.filter(isId));
}

export function listCollections(c: Container, user: AuthUser, offset: number, limit: number) {
  return listMemberCollections(c.db, user.id, offset, limit);
}

export function countCollections(c: Container, user: AuthUser) {
  return countMemberCollections(c.db, user.id);
}

export function countDocumentsIn(c: Container, collectionId: string) {
  return countCollectionDocuments(c.db, collectionId);
}

/** The caller's collections holding each of `documentIds`. */
export function collectionsOf(c: Container, userId: string, documentIds: readonly string[]) {
  return collectionsOfDocuments(c.db, userId, documentIds);
}

/**
 * Adds the caller's own documents to a collection they are EDITOR or OWNER of. Only owners share
 * a document: an editor cannot spread a colleague's document into a collection with other
 * members. A document that is not the caller's is FORBIDDEN when visible to them, NOT_FOUND when not.
 */
export async function addDocumentsToCollection(c: Container, user: AuthUser, collectionId: string, documentIds: readonly string[]) {
  const collection = await requireCollectionRole(c, user, collectionId, 'EDITOR');
  const ids = [...new Set(documentIds)];
  await requireOwnedDocuments(c, user, ids);
  const added = await insertCollectionDocuments(c.db, collectionId, ids, user.id);
  if (added.length) {
    await audit(c, { userId: user.id, action: 'COLLECTION_DOCUMENTS_ADDED', details: { collectionId, documentIds: added } });
  }
  return collection;
}

/** Removes documents from a collection (EDITOR or OWNER); they stay with their owners. */
export async function removeDocumentsFromCollection(c: Container, user: AuthUser, collectionId: string, documentIds: readonly string[]) {
  const collection = await requireCollectionRole(c, user, collectionId, 'EDITOR');
  const removed = await deleteCollectionDocuments(c.db, collectionId, [...new Set(documentIds)]);
  if (removed.length) {
    await audit(c, { userId: user.id, action: 'COLLECTION_DOCUMENTS_REMOVED', details: { collectionId, documentIds: removed } });
  }
  return collection;
}

/** Moves documents from one collection to another in one transaction (EDITOR or OWNER of both). */
export async function moveDocuments(c: Container, user: AuthUser, fromId: string, toId: string, documentIds: readonly string[]) {
  if (fromId === toId) throw badInput('Source and target collection are the same');
  await requireCollectionRole(c, user, fromId, 'EDITOR');
  const target = await requireCollectionRole(c, user, toId, 'EDITOR');
  const ids = [...new Set(documentIds)];
  await requireOwnedDocuments(c, user, ids);
  const moved = await c.db.transaction(async (tx) => {
    const removed = await deleteCollectionDocuments(tx, fromId, ids);
    await insertCollectionDocuments(tx, toId, removed, user.id);
    return removed;
  });
  if (moved.length) {
    await audit(c, { userId: user.id, action: 'COLLECTION_DOCUMENTS_REMOVED', details: { collectionId: fromId, documentIds: moved } });
    await audit(c, { userId: user.id, action: 'COLLECTION_DOCUMENTS_ADDED', details: { collectionId: toId, documentIds: moved } });
  }
  return target;
}

async function requireOwnedDocuments(c: Container, user: AuthUser, ids: string[]) {
  const owned = new Set(await ownedDocumentIds(c.db, user.id, ids));
  const foreign = ids.filter((id) => !owned.has(id));
  if (foreign.length === 0) return;
  // Someone else's document that the caller can see is theirs to know about; any other id is not.
  const visible = await getDocuments(c, user.id, foreign);
  if (visible.length === foreign.length) throw forbidden('Only its owner can add a document to a collection');
  throw notFound('Document');
}
