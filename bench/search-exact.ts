/**
 * The owner's rule for the search bench: the top 10 the API returns must equal exact BM25's top
 * 10. "Exact" here is computed without the search function, its pruning or the statistics tables:
 * one plain statement per query scores every chunk that holds a query word, with N, average length
 * and document frequencies counted from the chunks themselves (so a statistics trigger that
 * drifted would show up too). The formula is Okapi BM25F as migration 0008 documents it: Lucene's
 * idf, tf and length counting heading tokens `headingWeight` times, each language configuration
 * its own sub-collection, scores rounded to 1e-9, ties by id.
 */
import { lexicalQuery } from '../src/search/lexical-search.js';
import { TEXT_SEARCH_CONFIGS } from '../src/search/text-search-config.js';
import type { Bm25Params } from '../src/search/types.js';

export interface RankedRow {
  id: string;
  score: number;
}

type Run = (q: { sql: string; params: unknown[] }) => Promise<unknown[]>;

/** Per configuration: chunk count and average BM25F length, counted from the chunks (once per run). */
const COLLECTION_SQL = `
  select c.ts_config::text as cfg, count(*)::float8 as n, (sum(c.len_body + $2::float8 * c.len_head) / count(*))::float8 as avgdl
  from chunks c where ($1::uuid is null or c.owner_id = $1::uuid) group by 1`;

/** Per configuration: the query's words (stemmed there), their OR as a tsquery, the operator query. */
const PARSE_SQL = `
  select x.cfg, tsvector_to_array(to_tsvector(x.cfg::regconfig, $1)) as terms,
         coalesce((select string_agg('''' || replace(replace(l, '\\', '\\\\'), '''', '''''') || '''', ' | ')
                   from unnest(tsvector_to_array(to_tsvector(x.cfg::regconfig, $1))) as l), '') as any_term,
         case when $2::boolean then websearch_to_tsquery(x.cfg::regconfig, $1)::text end as ops
  from unnest($3::text[]) as x(cfg)`;

/**
 * Every chunk with a query word of its own configuration (one GIN probe: the OR of every
 * configuration's words): tf of each such word, document frequency from the same set (a chunk
 * holding the word is in it), then the sum. Operator queries keep the words' statistics but score
 * only chunks matching their configuration's websearch_to_tsquery, as 0008 does.
 */
const EXACT_SQL = `
  with m as (
    select c.id, c.ts_config::text as cfg, (c.len_body + $3::float8 * c.len_head)::float8 as dl, u.lexeme,
           (coalesce(cardinality(array_positions(u.weights, 'B')), 0) + $3::float8 * coalesce(cardinality(array_positions(u.weights, 'A')), 0))::float8 as tf,
           coalesce(c.search_vector @@ ($5::text[])[array_position($4::text[], c.ts_config::text)]::tsquery, true) as scored
    from chunks c cross join lateral unnest(c.search_vector) as u
    where ($1::uuid is null or c.owner_id = $1::uuid) and c.search_vector @@ $2::tsquery and (c.ts_config::text || ' ' || u.lexeme) = any($6::text[])
  ),
  df as (select m.cfg, m.lexeme, count(*)::float8 as df from m group by 1, 2)
  select m.id, round(sum(ln(1 + (k.n - df.df + 0.5) / (df.df + 0.5)) * m.tf * ($7::float8 + 1) / (m.tf + $7::float8 * (1 - $8::float8 + $8::float8 * m.dl / k.avgdl))) * 1e9) / 1e9 as score
  from m
  join df on df.cfg = m.cfg and df.lexeme = m.lexeme
  join unnest($4::text[], $9::float8[], $10::float8[]) as k(cfg, n, avgdl) on k.cfg = m.cfg
  where m.scored
  group by m.id
  order by 2 desc, 1
  limit $11::int`;

/**
 * Exact BM25 top `k` of the caller's chunks for a user's query text (read as the API reads it),
 * run as a role that sees the owner's rows; `ownerId` null: of every chunk (the shared layout,
 * where the bench user sees them all through collections).
 */
export function exactReference(run: Run, ownerId: string | null, p: Bm25Params) {
  let coll: Promise<{ cfg: string; n: number; avgdl: number }[]> | undefined;
  return async (text: string, k: number): Promise<RankedRow[]> => {
    coll ??= run({ sql: COLLECTION_SQL, params: [ownerId, p.headingWeight] }) as Promise<{ cfg: string; n: number; avgdl: number }[]>;
    const rows = (await coll).filter((r) => TEXT_SEARCH_CONFIGS.includes(r.cfg));
    const query = lexicalQuery(text);
    const cfgs = rows.map((r) => r.cfg);
    const parsed = (await run({ sql: PARSE_SQL, params: [query.text, query.websearch, cfgs] })) as {
      cfg: string;
      terms: string[];
      any_term: string;
      ops: string | null;
    }[];
    const byCfg = new Map(parsed.map((x) => [x.cfg, x]));
    const probe = parsed.filter((x) => x.any_term).map((x) => `(${x.any_term})`);
    if (!probe.length) return [];
    const out = (await run({
      sql: EXACT_SQL,
      params: [
        ownerId,
        probe.join(' | '),
        p.headingWeight,
        cfgs,
        cfgs.map((c) => byCfg.get(c)?.ops ?? null),
        parsed.flatMap((x) => x.terms.map((t) => `${x.cfg} ${t}`)),
        p.k1,
        p.b,
        rows.map((r) => Number(r.n)),
        rows.map((r) => Number(r.avgdl)),
        k,
      ],
    })) as { id: string; score: number | string }[];
    return out.map((r) => ({ id: r.id, score: Number(r.score) }));
  };
}

/**
 * Whether `got` is `exact` (same length, same ids at every rank). Scores equal to 1e-7 count as a
 * tie: the function and the reference may add a sum's terms in another order, so chunks with equal
 * scores may swap, and at the cut-off one of several equal chunks may stand in for another.
 * Returns null when they agree, otherwise what differs.
 */
export function compareTop(got: RankedRow[], exact: RankedRow[]): string | null {
  if (got.length !== exact.length) return `${got.length} hits, exact ${exact.length}`;
  const tol = 1e-7;
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const e = exact[i]!;
    if (Math.abs(g.score - e.score) > tol)
      return `rank ${i + 1}: score ${g.score} (${g.id.slice(0, 8)}), exact ${e.score} (${e.id.slice(0, 8)})`;
    if (g.id !== e.id) {
      // A different id is fine only inside a group of equal scores.
      const inGroup = exact.some((x) => x.id === g.id && Math.abs(x.score - g.score) <= tol);
      const atCut = Math.abs(g.score - exact[exact.length - 1]!.score) <= tol;
      if (!inGroup && !atCut) return `rank ${i + 1}: ${g.id.slice(0, 8)}, exact ${e.id.slice(0, 8)} (score ${e.score})`;
    }
  }
  return null;
}
