import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { queryRows } from '../rows.js';

/**
 * The write side of the BM25 collection statistics that is not a trigger. Indexing only appends
 * delta rows (migration 0013); this folds them into `bm25_term_stats`. Readers add pending
 * deltas to the folded counts, so folding changes no score: it only keeps the number of delta
 * rows a search has to add up small.
 */

/**
 * Folds the pending deltas of up to `maxOwners` owners, each in its own short transaction under
 * the owner's try-lock (`docsphere_bm25_fold`), so it is safe from any number of workers at once.
 * Returns how many owners had deltas; fewer than `maxOwners` means nothing is left.
 */
export async function foldPendingBm25Statistics(db: Db, maxOwners: number): Promise<number> {
  const [row] = await queryRows<{ owners: number | string }>(db, sql`select docsphere_bm25_fold_pending(${maxOwners}::integer) as owners`);
  return Number(row?.owners ?? 0);
}
