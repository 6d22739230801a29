import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { currentKeyScope } from '../../security/tenant-scope.js';
import { collectionDocuments, collectionMembers, documents } from '../schema/index.js';

/**
 * The one visibility rule, as SQL: a user sees the documents they own plus the documents of
 * every collection they are a member of (any role). Every read that answers a user goes through
 * `visibleDocuments`; writes go through `documentAccess`. In services mode row-level security
 * (migration 0013) enforces the same rule again, so a query that forgot this still leaks nothing.
 * A request made with a scoped API key is narrowed here too (`keyScopeCondition`), from the
 * tenant scope, so every read that obeys this rule obeys the key.
 */

/** How a user may act on a document: as its owner, as an editor of a collection holding it, or only read it. */
export type DocumentAccess = 'OWNER' | 'EDITOR' | 'VIEWER';

/** The ids of documents shared with `userId` through collections, as a subquery. */
function sharedDocumentIds(userId: string, collectionIds?: readonly string[] | null): SQL {
  const conds: SQL[] = [eq(collectionMembers.userId, userId)];
  if (collectionIds) conds.push(collectionIds.length ? inArray(collectionDocuments.collectionId, [...collectionIds]) : sql`false`);
  return sql`select ${collectionDocuments.documentId} from ${collectionDocuments}
    join ${collectionMembers} on ${collectionMembers.collectionId} = ${collectionDocuments.collectionId}
    where ${and(...conds)}`;
}

/**
 * The collections a scoped API key limits the current request to (tenant-scope.ts), or null when
 * the caller is not limited. Read here, inside the rule, so no caller has to pass it along.
 */
export function keyCollections(): readonly string[] | null {
  return currentKeyScope()?.collectionIds ?? null;
}

/**
 * Condition on `documents` for a scoped key: in one of its collections that `userId` is still a
 * member of; undefined for an unscoped caller. Even the user's own documents outside those
 * collections are invisible to such a key.
 */
export function keyScopeCondition(userId: string): SQL | undefined {
  const ids = keyCollections();
  return ids ? inMemberCollections(userId, ids) : undefined;
}

/** Condition on `documents`: visible to `userId` (own or shared with them), narrowed to the key's collections. */
export function visibleDocuments(userId: string): SQL {
  const visible = or(eq(documents.ownerId, userId), sql`${documents.id} in (${sharedDocumentIds(userId)})`)!;
  const scoped = keyScopeCondition(userId);
  return scoped ? and(visible, scoped)! : visible;
}

/**
 * Condition on `documents`: in one of `collectionIds` that `userId` is a member of. Collections
 * the caller is not a member of match nothing, even for their own documents, so a filter never
 * tells a non-member what a collection holds.
 */
export function inMemberCollections(userId: string, collectionIds: readonly string[]): SQL {
  if (collectionIds.length === 0) return sql`false`;
  return sql`${documents.id} in (${sharedDocumentIds(userId, collectionIds)})`;
}

/**
 * What `userId` may do with document `id`: null when it is not visible to them at all (the
 * caller then answers NOT_FOUND, revealing nothing).
 */
export async function documentAccess(ex: Executor, userId: string, id: string): Promise<DocumentAccess | null> {
  const [doc] = await ex.select({ ownerId: documents.ownerId }).from(documents).where(eq(documents.id, id));
  if (!doc) return null;
  const scoped = keyCollections();
  const conds = [eq(collectionDocuments.documentId, id), eq(collectionMembers.userId, userId)];
  if (scoped) conds.push(scoped.length ? inArray(collectionDocuments.collectionId, [...scoped]) : sql`false`);
  const roles =
    doc.ownerId === userId && !scoped
      ? []
      : await ex
          .select({ role: collectionMembers.role })
          .from(collectionDocuments)
          .innerJoin(collectionMembers, eq(collectionMembers.collectionId, collectionDocuments.collectionId))
          .where(and(...conds));
  // A scoped key reaches even its owner's document only through one of the key's collections.
  if (doc.ownerId === userId && (!scoped || roles.length > 0)) return 'OWNER';
  if (roles.length === 0) return null;
  return roles.some((r) => r.role !== 'VIEWER') ? 'EDITOR' : 'VIEWER';
}

/** The other users whose documents are shared with `userId` through collections (whose events they may hear). */
export async function sharingOwners(ex: Executor, userId: string): Promise<string[]> {
  const rows = await ex
    .selectDistinct({ ownerId: documents.ownerId })
    .from(documents)
    .where(and(sql`${documents.ownerId} <> ${userId}`, sql`${documents.id} in (${sharedDocumentIds(userId, keyCollections())})`));
  return rows.map((r) => r.ownerId);
}
