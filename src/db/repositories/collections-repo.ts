import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import {
  collectionDocuments,
  collectionMembers,
  collections,
  documents,
  users,
  type CollectionRole,
  type CollectionRow,
} from '../schema/index.js';
import { keyCollections, keyScopeCondition } from './visibility.js';

/**
 * Collections, their members and their documents. Reads that answer a user join the caller's
 * membership row, so a collection the caller is not a member of is simply absent (the services
 * answer NOT_FOUND and reveal nothing). Row-level security (migration 0013) enforces the same.
 */

export interface MemberCollection extends CollectionRow {
  /** The caller's role in it. */
  role: CollectionRole;
}

const withRole = { ...getColumns(), role: collectionMembers.role };

function getColumns() {
  return {
    id: collections.id,
    name: collections.name,
    description: collections.description,
    createdBy: collections.createdBy,
    ownerId: collections.ownerId,
    createdAt: collections.createdAt,
    updatedAt: collections.updatedAt,
  };
}

/** The caller's membership row, limited to a scoped API key's collections (visibility.ts) so others look absent. */
const membership = (userId: string) => {
  const scoped = keyCollections();
  return and(
    eq(collectionMembers.collectionId, collections.id),
    eq(collectionMembers.userId, userId),
    scoped ? (scoped.length ? inArray(collections.id, [...scoped]) : sql`false`) : undefined,
  );
};

export async function insertCollection(
  ex: Executor,
  values: { name: string; description: string; ownerId: string },
): Promise<CollectionRow> {
  const [row] = await ex
    .insert(collections)
    .values({ ...values, createdBy: values.ownerId })
    .returning();
  return row!;
}

/** The collections among `ids` that `userId` is a member of, with their role. */
export async function findMemberCollections(ex: Executor, userId: string, ids: readonly string[]): Promise<MemberCollection[]> {
  if (ids.length === 0) return [];
  return ex
    .select(withRole)
    .from(collections)
    .innerJoin(collectionMembers, membership(userId))
    .where(inArray(collections.id, [...ids]));
}

/** A page of the caller's collections, by name then id. */
export async function listMemberCollections(ex: Executor, userId: string, offset: number, limit: number): Promise<MemberCollection[]> {
  return ex
    .select(withRole)
    .from(collections)
    .innerJoin(collectionMembers, membership(userId))
    .orderBy(asc(sql`lower(${collections.name})`), asc(collections.id))
    .offset(offset)
    .limit(limit);
}

export async function countMemberCollections(ex: Executor, userId: string): Promise<number> {
  const [row] = await ex.select({ n: count() }).from(collections).innerJoin(collectionMembers, membership(userId));
  return Number(row?.n ?? 0);
}

export async function updateCollectionRow(
  ex: Executor,
  id: string,
  patch: Partial<Pick<CollectionRow, 'name' | 'description' | 'ownerId'>>,
): Promise<CollectionRow | null> {
  const [row] = await ex
    .update(collections)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(collections.id, id))
    .returning();
  return row ?? null;
}

export async function deleteCollectionRow(ex: Executor, id: string): Promise<CollectionRow | null> {
  const [row] = await ex.delete(collections).where(eq(collections.id, id)).returning();
  return row ?? null;
}

export interface MemberView {
  userId: string;
  email: string;
  role: CollectionRole;
  createdAt: Date;
}

/** Members of one collection (the caller has checked they may see it), owner first. */
export async function listMembers(ex: Executor, collectionId: string): Promise<MemberView[]> {
  return ex
    .select({ userId: collectionMembers.userId, email: users.email, role: collectionMembers.role, createdAt: collectionMembers.createdAt })
    .from(collectionMembers)
    .innerJoin(users, eq(users.id, collectionMembers.userId))
    .where(eq(collectionMembers.collectionId, collectionId))
    .orderBy(sql`${collectionMembers.role} desc`, asc(users.email));
}

export async function memberRole(ex: Executor, collectionId: string, userId: string): Promise<CollectionRole | null> {
  const [row] = await ex
    .select({ role: collectionMembers.role })
    .from(collectionMembers)
    .where(and(eq(collectionMembers.collectionId, collectionId), eq(collectionMembers.userId, userId)));
  return row?.role ?? null;
}

/** Adds a member; false when they already were one. */
export async function insertMember(ex: Executor, collectionId: string, userId: string, role: CollectionRole): Promise<boolean> {
  const rows = await ex.insert(collectionMembers).values({ collectionId, userId, role }).onConflictDoNothing().returning();
  return rows.length > 0;
}

export async function setMemberRole(ex: Executor, collectionId: string, userId: string, role: CollectionRole): Promise<boolean> {
  const rows = await ex
    .update(collectionMembers)
    .set({ role })
    .where(and(eq(collectionMembers.collectionId, collectionId), eq(collectionMembers.userId, userId)))
    .returning({ userId: collectionMembers.userId });
  return rows.length > 0;
}

export async function deleteMember(ex: Executor, collectionId: string, userId: string): Promise<boolean> {
  const rows = await ex
    .delete(collectionMembers)
    .where(and(eq(collectionMembers.collectionId, collectionId), eq(collectionMembers.userId, userId)))
    .returning({ userId: collectionMembers.userId });
  return rows.length > 0;
}

/** The ids among `ids` of documents `ownerId` owns (only those may be added to a collection). */
export async function ownedDocumentIds(ex: Executor, ownerId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await ex
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.ownerId, ownerId), inArray(documents.id, [...ids]), keyScopeCondition(ownerId)));
  return rows.map((r) => r.id);
}

/** Adds documents to a collection; returns the ids that were not in it yet. */
export async function insertCollectionDocuments(
  ex: Executor,
  collectionId: string,
  documentIds: readonly string[],
  addedBy: string,
): Promise<string[]> {
  if (documentIds.length === 0) return [];
  const rows = await ex
    .insert(collectionDocuments)
    .values(documentIds.map((documentId) => ({ collectionId, documentId, addedBy })))
    .onConflictDoNothing()
    .returning({ id: collectionDocuments.documentId });
  return rows.map((r) => r.id);
}

/** Removes documents from a collection (they stay with their owners); returns the ids removed. */
export async function deleteCollectionDocuments(ex: Executor, collectionId: string, documentIds: readonly string[]): Promise<string[]> {
  if (documentIds.length === 0) return [];
  const rows = await ex
    .delete(collectionDocuments)
    .where(and(eq(collectionDocuments.collectionId, collectionId), inArray(collectionDocuments.documentId, [...documentIds])))
    .returning({ id: collectionDocuments.documentId });
  return rows.map((r) => r.id);
}

export async function countCollectionDocuments(ex: Executor, collectionId: string): Promise<number> {
  const [row] = await ex.select({ n: count() }).from(collectionDocuments).where(eq(collectionDocuments.collectionId, collectionId));
  return Number(row?.n ?? 0);
}

/** The caller's collections that hold each of `documentIds` (for Document.collections). */
export async function collectionsOfDocuments(
  ex: Executor,
  userId: string,
  documentIds: readonly string[],
): Promise<(MemberCollection & { documentId: string })[]> {
  if (documentIds.length === 0) return [];
  return ex
    .select({ ...withRole, documentId: collectionDocuments.documentId })
    .from(collectionDocuments)
    .innerJoin(collections, eq(collections.id, collectionDocuments.collectionId))
    .innerJoin(collectionMembers, membership(userId))
    .where(inArray(collectionDocuments.documentId, [...documentIds]))
    .orderBy(asc(sql`lower(${collections.name})`));
}
