import { and, gte, inArray, lt, eq, sql, type SQL } from 'drizzle-orm';
import type { SearchFilter } from '../../../search/types.js';
import { chunks, documents } from '../../schema/index.js';
import { hasAllTags } from '../document-metadata-repo.js';
import { runAsUser } from '../../../security/tenant-scope.js';
import type { Db, Executor } from '../../client.js';
import { keyCollections, visibleDocuments } from '../visibility.js';

/**
 * What a search may reach. Chunks are reached through their BM25 statistics scopes (migration
 * 0017): the scopes visible to the caller are exactly the chunks of their own documents and of
 * their collections' documents, and a collection filter or a scoped API key narrows them to whole
 * collections. So one condition gives both the visibility rule and the set the statistics cover;
 * the finer filters below (documents, types, dates, language, tags) only narrow the candidates,
 * as a filter does in a search engine, and never change a score.
 */

/**
 * The collections a search is limited to: the filter's, within a scoped key's; null when neither
 * limits it. An empty array (a filter outside the key's collections) matches nothing.
 */
export function searchCollections(filter: SearchFilter): readonly string[] | null {
  const keyed = keyCollections();
  const wanted = filter.collectionIds ?? null;
  if (!keyed) return wanted;
  return wanted ? wanted.filter((id) => keyed.includes(id)) : keyed;
}

/** The collections as a SQL uuid[] (or NULL), for docsphere_bm25_search and the scope function. */
export function searchCollectionsArray(filter: SearchFilter): SQL {
  const ids = searchCollections(filter);
  if (!ids) return sql`null::uuid[]`;
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/**
 * The finer document-level conditions of the filter (empty when it has none), among the caller's
 * visible documents so the list stays as small as what they may see.
 */
function documentConditions(userId: string, filter: SearchFilter): SQL[] {
  const conds: SQL[] = [];
  if (filter.documentIds?.length) conds.push(inArray(documents.id, [...filter.documentIds]));
  if (filter.mimeTypes?.length) conds.push(inArray(documents.mimeType, [...filter.mimeTypes]));
  if (filter.createdAfter) conds.push(gte(documents.createdAt, filter.createdAfter));
  if (filter.createdBefore) conds.push(lt(documents.createdAt, filter.createdBefore));
  if (filter.language) conds.push(eq(documents.language, filter.language));
  if (filter.tags?.length) conds.push(hasAllTags(filter.tags));
  if (conds.length) conds.push(visibleDocuments(userId));
  return conds;
}

/**
 * Condition on `chunks`: in a scope the caller may see, narrowed to the search's collections.
 * The scope list is computed once per statement (ARRAY(subquery) is an InitPlan), by the database from the
 * caller's `app.user_id`, so statements using it run in the caller's tenant scope.
 */
export function visibleChunks(filter: SearchFilter = {}): SQL {
  return sql`coalesce(${chunks.statsScope}, ${chunks.ownerId}) = any(array(select unnest(docsphere_bm25_visible_scopes(${searchCollectionsArray(filter)}))))`;
}

/** The WHERE clause of the semantic side: visible chunks, then the finer filters as a semi-join. */
export function chunkScope(userId: string, filter: SearchFilter = {}): SQL {
  const conds: SQL[] = [visibleChunks(filter)];
  const docConds = documentConditions(userId, filter);
  if (docConds.length) conds.push(sql`${chunks.documentId} in (select ${documents.id} from ${documents} where ${and(...docConds)})`);
  return and(...conds)!;
}

/**
 * The finer filters as an array of document ids for the lexical match function, or NULL when they
 * do not narrow by document. An empty result stays an empty array (matching nothing), never NULL
 * (which would mean "all documents"). The function itself limits the search to visible scopes.
 */
export function documentIdArray(userId: string, filter: SearchFilter = {}): SQL {
  const conds = documentConditions(userId, filter);
  if (!conds.length) return sql`null::uuid[]`;
  return sql`(select coalesce(array_agg(${documents.id}), '{}'::uuid[]) from ${documents} where ${and(...conds)})`;
}

/**
 * Runs `fn` in one transaction as the caller: both database adapters give a transaction in a
 * tenant scope the scope's `app.user_id` (services mode also its row-level-security role), which
 * the match function scopes by. The statements of one search then share a single BEGIN/COMMIT.
 */
export function asSearchCaller<T>(db: Db, ownerId: string, fn: (tx: Executor) => Promise<T>): Promise<T> {
  return runAsUser(ownerId, () => db.transaction(fn));
}
