import { sql } from 'drizzle-orm';
import type { Bm25Params } from '../../search/types.js';
import type { Db } from '../client.js';
import { queryRows } from '../rows.js';

/**
 * The write side of the BM25 collection statistics that is not a trigger. Indexing only appends
 * delta rows (migration 0013); this folds them into `bm25_term_stats`. Readers add pending
 * deltas to the folded counts, so folding changes no score: it only keeps the number of delta
 * rows a search has to add up small.
 */

/**
 * Folds the pending deltas of up to `maxOwners` statistics scopes, each under the scope's
 * try-lock (`docsphere_bm25_fold`), so it is safe from any number of workers at once, and keeps
 * the scopes' impact lists (migration 0018) at the ranking parameters `p`: lists made with other
 * parameters are rebuilt; a word in more than `listChunks` chunks of a scope gets a list that long.
 * Returns how many scopes had work; fewer than `maxOwners` means nothing is left.
 */
export async function foldPendingBm25Statistics(db: Db, maxOwners: number, p: Bm25Params, listChunks: number): Promise<number> {
  const [row] = await queryRows<{ owners: number | string }>(
    db,
    sql`select docsphere_bm25_fold_pending(${maxOwners}::integer, ${p.k1}::float8, ${p.b}::float8, ${p.headingWeight}::float8, ${listChunks}::integer) as owners`,
  );
  return Number(row?.owners ?? 0);
}
