import { and, asc, desc, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { Bm25Params, LexicalQuery, RankedId, SearchFilter } from '../../../search/types.js';
import { TEXT_SEARCH_CONFIGS } from '../../../search/text-search-config.js';
import type { Executor } from '../../client.js';
import { queryRows } from '../../rows.js';
import { chunks } from '../../schema/index.js';
import { documentIdArray, searchCollectionsArray, visibleChunks } from './search-scope.js';

/**
 * The lexical side of search as SQL: BM25 ranking (the database function does the scoring),
 * snippets, and the statements that turn ranked ids into page rows. What the query text means
 * (search/lexical-search.ts) and how lists are fused (search/hybrid-search.ts) stay in search/.
 */

// The tsvector is about as large as the text again; shipping and parsing it per hit was waste.
const { searchVector: _searchVector, ...chunkView } = getTableColumns(chunks);

const configArray = sql.raw(`array[${TEXT_SEARCH_CONFIGS.map((name) => `'${name}'`).join(', ')}]::regconfig[]`);

/**
 * Best-first ids of the chunks the caller may see for `query` with their BM25 scores. Matching,
 * statistics and scoring all happen in `docsphere_bm25_search` (migrations 0009, 0017), which
 * reads the caller from `app.user_id` and limits itself to the caller's visible statistics
 * scopes, so statements using it run inside `asSearchCaller`. Statistics cover exactly those
 * chunks (narrowed to the search's collections): nothing the caller cannot see moves a score.
 */
export function lexicalRankingSql(query: LexicalQuery, filter: SearchFilter, limit: number, p: Bm25Params, ownerId: string): SQL {
  return sql`select m.id, m.score from docsphere_bm25_search(${configArray}, ${query.text}, ${query.websearch}, ${documentIdArray(ownerId, filter)}, ${limit}, ${p.k1}::float8, ${p.b}::float8, ${p.headingWeight}::float8, ${searchCollectionsArray(filter)}) as m order by m.score desc, m.id`;
}

export async function lexicalRanking(
  ex: Executor,
  ownerId: string,
  query: LexicalQuery,
  filter: SearchFilter,
  limit: number,
  params: Bm25Params,
): Promise<RankedId[]> {
  const rows = await queryRows<{ id: string; score: number | string }>(ex, lexicalRankingSql(query, filter, limit, params, ownerId));
  return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
}

/** ts_headline options: short fragments around the matches, marked for the client to highlight. */
const HEADLINE_OPTIONS = 'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=30, MinWords=10, FragmentDelimiter=" … "';

/**
 * The snippet of a hit, highlighted with the chunk's own configuration and the same query the
 * search matched with (so an excluded word is never marked). Computed only for the rows that make
 * the page: ts_headline re-parses the whole text and is the costliest call here. A semantic-only
 * hit has no matching word and gets the start of its text.
 */
export function snippetSql(query: LexicalQuery): SQL<string> {
  const own = sql`docsphere_search_tsquery(${chunks.tsConfig}, ${query.text}, ${query.websearch})`;
  return sql<string>`ts_headline(${chunks.tsConfig}, ${chunks.text}, ${own}, ${HEADLINE_OPTIONS})`;
}

/** LEXICAL in one statement: ranking, rows and snippets, so a page costs one round trip. */
export function lexicalPageQuery(
  db: Executor,
  ownerId: string,
  query: LexicalQuery,
  filter: SearchFilter,
  first: number,
  bm25: Bm25Params,
) {
  const ranked = sql`(${lexicalRankingSql(query, filter, first, bm25, ownerId)}) as ranked`;
  return db
    .select({ chunk: chunkView, score: sql<number>`ranked.score`, snippet: snippetSql(query) })
    .from(chunks)
    .innerJoin(ranked, sql`ranked.id = ${chunks.id}`)
    .orderBy(desc(sql`ranked.score`), asc(chunks.id));
}

/**
 * The page's chunk rows and snippets (visibility checked again on the way out, so run as the
 * caller: `asSearchCaller`); exported for the bench.
 */
export function hydrateQuery(db: Executor, query: LexicalQuery, filter: SearchFilter, ids: string[]) {
  return db
    .select({ chunk: chunkView, snippet: snippetSql(query) })
    .from(chunks)
    .where(and(visibleChunks(filter), inArray(chunks.id, ids)));
}
