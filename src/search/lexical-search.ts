import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { chunks } from '../db/schema/index.js';
import { chunkScope, type SearchFilter } from './search-filter.js';
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
 * configuration, so an English chunk never matches through the German stemmer. A one-row
 * subquery (fenced by OFFSET 0) parses once per search, also under a generic prepared plan.
 */
const configs = TEXT_SEARCH_CONFIGS.map((name, i) => ({ name, col: sql.raw(`q${i}`), reg: sql.raw(`'${name}'::regconfig`) }));
const parse = (reg: SQL, query: string) => sql`websearch_to_tsquery(${reg}, ${query})`;

function parsedQueries(query: string): SQL {
  const each = configs.map((c) => sql`${parse(c.reg, query)} as ${c.col}`);
  const any = sql.join(configs.map((c) => parse(c.reg, query)), sql` || `);
  return sql`(select ${sql.join(each, sql`, `)}, ${any} as qany offset 0) as q`;
}

/** The parse that matches the chunk's own configuration (`simple` for anything else). */
function ownQuery(): SQL {
  const arms = configs.slice(0, -1).map((c) => sql`when ${c.reg} then q.${c.col}`);
  return sql`case ${chunks.tsConfig} ${sql.join(arms, sql` `)} else q.${configs.at(-1)!.col} end`;
}

/** Best-first ids of the caller's chunks that match `query`, with their ts_rank_cd score. */
export function lexicalRankingSql(ownerId: string, query: string, filter: SearchFilter, limit: number): SQL {
  return sql`
    select ${chunks.id} as id, ts_rank_cd(${chunks.searchVector}, ${ownQuery()}) as score
    from ${chunks}, ${parsedQueries(query)}
    where ${chunkScope(ownerId, filter)} and ${chunks.searchVector} @@ q.qany and ${chunks.searchVector} @@ ${ownQuery()}
    order by score desc, ${chunks.id}
    limit ${limit}`;
}

/**
 * websearch_to_tsquery ANDs every word, so one word the passage phrases differently ("fraud"
 * against "fraudulent") loses it entirely. Like Elasticsearch's match query, a plain query (no
 * quotes, OR or -exclusion) whose strict form fills less than the page is relaxed to any of its
 * words: ts_rank_cd then puts passages with more of the words, closer together, first, and they
 * are listed after the strict hits. Queries with operators are taken literally.
 */
export function relaxedQuery(query: string): string | null {
  if (/"|(^|\s)-|(^|\s)or(\s|$)/i.test(query)) return null;
  const words = query.match(/[\p{L}\p{N}_]+/gu) ?? [];
  return words.length > 1 ? words.join(' or ') : null;
}

/** Strict hits first, then relaxed ones not already listed, up to `limit`. */
export function appendNew<T extends { id: string }>(strict: readonly T[], relaxed: readonly T[], limit: number): T[] {
  const seen = new Set(strict.map((r) => r.id));
  return [...strict, ...relaxed.filter((r) => !seen.has(r.id))].slice(0, limit);
}

/** Ranked ids, strict first and relaxed to fill up (see relaxedQuery). */
export async function lexicalCandidates(ex: Executor, ownerId: string, query: string, filter: SearchFilter, limit: number): Promise<RankedId[]> {
  const strict = await lexicalRanking(ex, ownerId, query, filter, limit);
  const relaxed = strict.length < limit ? relaxedQuery(query) : null;
  return relaxed ? appendNew(strict, await lexicalRanking(ex, ownerId, relaxed, filter, limit), limit) : strict;
}

export async function lexicalRanking(
  ex: Executor,
  ownerId: string,
  query: string,
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
 * A semantic-only hit has no matching word and gets the start of its text.
 */
export function snippetSql(query: string): SQL<string> {
  const own = sql`case ${chunks.tsConfig} ${sql.join(
    configs.slice(0, -1).map((c) => sql`when ${c.reg} then websearch_to_tsquery(${c.reg}, ${query})`),
    sql` `,
  )} else websearch_to_tsquery('simple', ${query}) end`;
  return sql<string>`ts_headline(${chunks.tsConfig}, ${chunks.text}, ${own}, ${HEADLINE_OPTIONS})`;
}
