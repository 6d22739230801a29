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

/**
 * Each chunk is indexed with its document's text-search configuration (`chunks.ts_config`), so the
 * query is parsed once per configuration (`websearch_to_tsquery`: quotes, OR, -exclusion). The
 * parses are OR-ed into one tsquery for a single GIN probe (one index scan, however many
 * languages), and each candidate is then rechecked and ranked against the parse of its own
 * configuration, so an English chunk never matches through the German stemmer.
 *
 * Matching and ranking happen in `docsphere_lexical_matches` (migration 0006), a function that
 * applies the row-level-security owner rule itself: under RLS PostgreSQL would otherwise refuse
 * to use the GIN index for the non-LEAKPROOF `@@` and scan every tenant's chunks. It reads the
 * caller from `app.user_id`, so statements using it run inside `asSearchCaller`.
 */
const configs = TEXT_SEARCH_CONFIGS.map((name) => sql.raw(`'${name}'::regconfig`));
const configArray = sql.raw(`array[${TEXT_SEARCH_CONFIGS.map((name) => `'${name}'`).join(', ')}]::regconfig[]`);

/** What a lexical statement matches with, and what it ranks the matches by. */
export interface LexicalQuery {
  match: string;
  rank: string;
}

/** Best-first ids of the caller's chunks that match `query`, with their ts_rank_cd score. */
export function lexicalRankingSql(ownerId: string, query: LexicalQuery, filter: SearchFilter, limit: number): SQL {
  const parse = (text: string) => sql`array[${sql.join(configs.map((reg) => sql`websearch_to_tsquery(${reg}, ${text})`), sql`, `)}]`;
  const matches = sql`docsphere_lexical_matches(${configArray}, ${parse(query.match)}, ${parse(query.rank)}, ${documentIdArray(ownerId, filter)}, ${limit})`;
  return sql`select m.id, m.score from ${matches} as m order by m.score desc, m.id`;
}

/**
 * Runs `fn` in one transaction as the caller: both database adapters give a transaction in a
 * tenant scope the scope's `app.user_id` (services mode also its row-level-security role), which
 * the match function scopes by. The statements of one search then share a single BEGIN/COMMIT.
 */
export function asSearchCaller<T>(db: Db, ownerId: string, fn: (tx: Executor) => Promise<T>): Promise<T> {
  return runAsUser(ownerId, () => db.transaction(fn));
}

/**
 * websearch_to_tsquery ANDs every word, so one word the passage phrases differently ("fraud"
 * against "fraudulent") loses it entirely. Like Elasticsearch's match query with a
 * minimum_should_match that steps down, a plain query (no quotes, OR or -exclusion) whose strict
 * form fills less than the page is relaxed in tiers: all words but one, all but two, then any
 * word. A tier is an OR of AND-groups (websearch binds AND tighter than OR), listed after the
 * tighter tiers, with ts_rank_cd ordering within it. The middle tiers are what keep relaxation
 * cheap: the any-word matches of a long question cover a large share of the corpus, and every
 * match has to be ranked. Stop words drop out when the query is parsed, so a group that only
 * lacks a stop word repeats a tighter tier. Queries with operators are taken literally.
 */
export function relaxedQueries(query: string): string[] {
  if (/"|(^|\s)-|(^|\s)or(\s|$)/i.test(query)) return [];
  const words = [...new Set(query.match(/[\p{L}\p{N}_]+/gu) ?? [])];
  if (words.length < 2) return [];
  const tiers: string[] = [];
  for (const size of [words.length - 1, words.length - 2]) {
    const groups = size >= 2 ? combinations(words, size) : [];
    if (groups.length && groups.length <= MAX_GROUPS) tiers.push(groups.map((g) => g.join(' ')).join(' or '));
  }
  return [...tiers, words.join(' or ')];
}

/** A tier with more AND-groups than this is skipped: the tsquery would grow past usefulness. */
const MAX_GROUPS = 45;

/** The `size`-element subsets of `items`, in order. */
function combinations<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [head, ...rest] = items as [T, ...T[]];
  return [...combinations(rest, size - 1).map((c) => [head, ...c]), ...combinations(rest, size)];
}

/** Earlier hits first, then later ones not already listed, up to `limit`. */
export function appendNew<T extends { id: string }>(strict: readonly T[], relaxed: readonly T[], limit: number): T[] {
  const seen = new Set(strict.map((r) => r.id));
  return [...strict, ...relaxed.filter((r) => !seen.has(r.id))].slice(0, limit);
}

/** The words of a plain query OR-ed (its loosest tier); a query with operators as written. */
export function wordsQuery(userQuery: string): string {
  return relaxedQueries(userQuery).at(-1) ?? userQuery;
}

/**
 * Runs the strict query, then each relaxed tier while the page is short (see relaxedQueries). A
 * tier matches with its AND-groups but ranks by the plain OR of the words: ts_rank_cd's cost
 * grows with the query's size, and "more of the words, closer together" is the order wanted.
 */
export async function withRelaxation<T extends { id: string }>(
  query: string,
  limit: number,
  run: (q: LexicalQuery) => Promise<T[]>,
): Promise<T[]> {
  let rows = await run({ match: query, rank: query });
  if (rows.length >= limit) return rows;
  const tiers = relaxedQueries(query);
  const words = tiers.at(-1);
  for (const tier of tiers) {
    rows = appendNew(rows, await run({ match: tier, rank: words! }), limit);
    if (rows.length >= limit) break;
  }
  return rows;
}

/** Ranked ids, strict first and relaxed to fill up. */
export function lexicalCandidates(ex: Executor, ownerId: string, query: string, filter: SearchFilter, limit: number): Promise<RankedId[]> {
  return withRelaxation(query, limit, (q) => lexicalRanking(ex, ownerId, q, filter, limit));
}

export async function lexicalRanking(
  ex: Executor,
  ownerId: string,
  query: LexicalQuery,
  filter: SearchFilter,
  limit: number,
): Promise<RankedId[]> {
  const rows = await queryRows<{ id: string; score: number | string }>(ex, lexicalRankingSql(ownerId, query, filter, limit));
  return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
}

/** ts_headline options: short fragments around the matches, marked for the client to highlight. */
const HEADLINE_OPTIONS =
  'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=30, MinWords=10, FragmentDelimiter=" … "';

/**
 * The snippet of a hit, highlighted with the chunk's own configuration. Computed only for the
 * rows that make the page: ts_headline re-parses the whole text and is the costliest call here.
 * It marks every word of the user's query (the any-word form of a plain query), whichever tier
 * found the hit: the relaxed tiers themselves are large OR trees that made ts_headline ~25×
 * slower, and a strict AND query would leave a relaxed hit's words unmarked. A query with
 * operators is used as written, so an excluded word is never marked. A semantic-only hit has
 * no matching word and gets the start of its text.
 */
export function snippetSql(userQuery: string): SQL<string> {
  const query = wordsQuery(userQuery);
  const own = sql`case ${chunks.tsConfig} ${sql.join(
    configs.slice(0, -1).map((reg) => sql`when ${reg} then websearch_to_tsquery(${reg}, ${query})`),
    sql` `,
  )} else websearch_to_tsquery('simple', ${query}) end`;
  return sql<string>`ts_headline(${chunks.tsConfig}, ${chunks.text}, ${own}, ${HEADLINE_OPTIONS})`;
}
