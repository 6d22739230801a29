import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { SearchFilter } from '../../../search/types.js';
import { chunks, documents } from '../../schema/index.js';
import { hasAllTags } from '../document-metadata-repo.js';
import { inMemberCollections, keyScopeCondition } from '../visibility.js';

/** The filter's conditions on the documents table (empty when it has none). */
function documentConditions(ownerId: string, filter: SearchFilter): SQL[] {
  const conds: SQL[] = [];
  // A scoped API key narrows every search to its collections, as every other read (visibility.ts).
  const keyScope = keyScopeCondition(ownerId);
  if (keyScope) conds.push(keyScope);
  if (filter.collectionIds) conds.push(inMemberCollections(ownerId, filter.collectionIds));
  if (filter.mimeTypes?.length) conds.push(inArray(documents.mimeType, [...filter.mimeTypes]));
  if (filter.createdAfter) conds.push(gte(documents.createdAt, filter.createdAfter));
  if (filter.createdBefore) conds.push(lt(documents.createdAt, filter.createdBefore));
  if (filter.language) conds.push(eq(documents.language, filter.language));
  if (filter.tags?.length) conds.push(hasAllTags(filter.tags));
  return conds;
}

/**
 * The WHERE clause every search path shares: the owner first (chunks carry owner_id so this
 * needs no join), then document-level filters as a semi-join on documents, which is also
 * owner-scoped so a foreign document id in `documentIds` can never match.
 */
export function chunkScope(ownerId: string, filter: SearchFilter = {}): SQL {
  const conds: SQL[] = [eq(chunks.ownerId, ownerId)];
  if (filter.documentIds?.length) conds.push(inArray(chunks.documentId, [...filter.documentIds]));
  const docConds = documentConditions(ownerId, filter);
  if (docConds.length) {
    conds.push(
      sql`${chunks.documentId} in (select ${documents.id} from ${documents} where ${and(eq(documents.ownerId, ownerId), ...docConds)})`,
    );
  }
  return and(...conds)!;
}

/**
 * The same filter as an array of the caller's document ids, for the lexical match function,
 * or NULL when the filter does not narrow by document. An empty result stays an empty array
 * (matching nothing), never NULL (which would mean "all documents").
 */
export function documentIdArray(ownerId: string, filter: SearchFilter = {}): SQL {
  const conds = documentConditions(ownerId, filter);
  if (filter.documentIds?.length) conds.push(inArray(documents.id, [...filter.documentIds]));
  if (!conds.length) return sql`null::uuid[]`;
  return sql`(select coalesce(array_agg(${documents.id}), '{}'::uuid[]) from ${documents} where ${and(eq(documents.ownerId, ownerId), ...conds)})`;
}
