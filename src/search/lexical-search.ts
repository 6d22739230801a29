import { sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../db/client.js';
import { chunks } from '../db/schema/index.js';
import { runAsUser } from '../security/tenant-scope.js';
import { documentIdArray, type SearchFilter } from './search-filter.js';
import { queryRows } from './sql-rows.js';
import { TEXT_SEARCH_CONFIGS } from './text-search-config.js';

export interface RankedId {
  id: string;
  score: number;
}

/** Okapi BM25F parameters (config.ts: SEARCH_BM25_K1, SEARCH_BM25_B, SEARCH_HEADING_WEIGHT). */
export interface Bm25Params {
  k1: number;
  b: number;
  headingWeight: number;
}

/**
 * How the query text is read. NATURAL (the default) takes words as words: "varenicline or
 * bupropion" and "G - quadruplex" are searched as written and ranked by BM25, and operators count
 * only where they cannot be ordinary prose: a "quoted phrase", OR in capitals, a -word with the
 * dash attached. WEBSEARCH is PostgreSQL's websearch_to_tsquery as is (a lowercase "or" is OR too).
 */
export const searchSyntaxes = ['NATURAL', 'WEBSEARCH'] as const;
export type SearchSyntax = (typeof searchSyntaxes)[number];

/** What one lexical statement matches: the text, and whether it is parsed with operators. */
export interface LexicalQuery {
  text: string;
  websearch: boolean;
}

/** A quote, OR in capitals between words, or a dash attached to the start of a word. */
const EXPLICIT_OPERATOR = /"|(^|\s)OR(\s|$)|(^|\s)-[\p{L}\p{N}]/u;

/**
 * The statement's reading of a user query. A NATURAL query with explicit operators keeps them and
 * drops what websearch_to_tsquery would read as operators by accident (a lowercase "or", a dash
 * standing alone between spaces), so the user's prose is never turned into logic.
 */
export function lexicalQuery(input: string, syntax: SearchSyntax = 'NATURAL'): LexicalQuery {
  const query = splitJoinedWords(input);
  if (syntax === 'WEBSEARCH') return { text: query, websearch: true };
  if (!EXPLICIT_OPERATOR.test(query)) return { text: query, websearch: false };
  const text = query.replace(/(^|\s)or(?=\s|$)/gi, (m, pre: string) => (m.trim() === 'OR' ? m : pre)).replace(/(^|\s)-(?=\s|$)/g, '$1').replace(/\s+/g, ' ').trim();
  return { text, websearch: true };
}

/**
 * Words joined by a slash or a hyphen become separate words, as the database does to chunk text
 * (docsphere_search_text, migration 0008): "osteomalacia/rickets" finds both, and
 * "alkali-processed" counts as the two words it is (as Lucene's tokenizer reads it), not as
 * three lexemes with the compound. A dash that starts a word ("-word") is untouched.
 */
export function splitJoinedWords(text: string): string {
  return text.replace(/([\p{L}\p{N}_])[-/](?=[\p{L}\p{N}_])/gu, '$1 ');
}

const configArray = sql.raw(`array[${TEXT_SEARCH_CONFIGS.map((name) => `'${name}'`).join(', ')}]::regconfig[]`);

/**
 * Best-first ids of the caller's chunks for `query` with their BM25 scores. Matching, statistics
 * and scoring all happen in `docsphere_bm25_search` (migration 0008), which applies the
 * row-level-security owner rule itself and reads the caller from `app.user_id`, so statements
 * using it run inside `asSearchCaller`. Statistics are the caller's own: another tenant's chunks
 * never change a score.
 */
export function lexicalRankingSql(query: LexicalQuery, filter: SearchFilter, limit: number, p: Bm25Params, ownerId: string): SQL {
  return sql`select m.id, m.score from docsphere_bm25_search(${configArray}, ${query.text}, ${query.websearch}, ${documentIdArray(ownerId, filter)}, ${limit}, ${p.k1}::float8, ${p.b}::float8, ${p.headingWeight}::float8) as m order by m.score desc, m.id`;
}

/**
 * Runs `fn` in one transaction as the caller: both database adapters give a transaction in a
 * tenant scope the scope's `app.user_id` (services mode also its row-level-security role), which
 * the match function scopes by. The statements of one search then share a single BEGIN/COMMIT.
 */
export function asSearchCaller<T>(db: Db, ownerId: string, fn: (tx: Executor) => Promise<T>): Promise<T> {
  return runAsUser(ownerId, () => db.transaction(fn));
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
const HEADLINE_OPTIONS =
  'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=30, MinWords=10, FragmentDelimiter=" … "';

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
