import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { chunks } from '../db/schema/index.js';
import type { RankedId } from './lexical-search.js';
import { chunkScope, type SearchFilter } from './search-filter.js';
import { queryRows } from './sql-rows.js';
import { spaceIs, spaceVector, vectorLiteral, type EmbeddingSpace } from './vector-store.js';

/** Candidates HNSW keeps while searching; above the default 40 so filtered queries still fill a page. */
const EF_SEARCH = 100;

/**
 * Best-first ids by cosine distance to `vector`, within the caller's chunks of `space`. The
 * ORDER BY repeats the index expression so the space's partial HNSW index serves it; score is
 * cosine similarity (1 - distance).
 */
export function semanticRankingSql(ownerId: string, vector: readonly number[], space: EmbeddingSpace, filter: SearchFilter, limit: number): SQL {
  const typed = sql.raw(`::vector(${Math.trunc(space.dimensions)})`);
  const distance = sql`${spaceVector(space)} <=> ${vectorLiteral(vector)}${typed}`;
  return sql`
    select ${chunks.id} as id, 1 - (${distance}) as score
    from ${chunks}
    where ${spaceIs(space)} and ${chunkScope(ownerId, filter)}
    order by ${distance}, ${chunks.id}
    limit ${limit}`;
}

/**
 * Runs in a transaction only to scope two settings to this query: a larger ef_search, and
 * pgvector's iterative index scan (≥ 0.8), which keeps walking the graph while the owner filter
 * rejects candidates instead of returning a short page. `relaxed_order` may return neighbours
 * slightly out of order, so the rows are sorted again by distance here.
 */
export async function semanticRanking(
  db: Db,
  ownerId: string,
  vector: readonly number[],
  space: EmbeddingSpace,
  filter: SearchFilter,
  limit: number,
): Promise<RankedId[]> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('hnsw.ef_search', ${String(Math.max(EF_SEARCH, limit))}, true),
                 set_config('hnsw.iterative_scan', 'relaxed_order', true)`,
    );
    const rows = await queryRows<{ id: string; score: number | string }>(tx, semanticRankingSql(ownerId, vector, space, filter, limit));
    return rows.map((r) => ({ id: r.id, score: Number(r.score) })).sort((a, b) => b.score - a.score);
  });
}
