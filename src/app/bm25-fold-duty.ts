import { foldPendingBm25Statistics } from '../db/repositories/bm25-stats-repo.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Bm25Params } from '../search/types.js';
import { startPeriodicDuty, type PeriodicDuty } from './periodic-duty.js';

/** Owners folded per statement: one pass's transaction stays short however many users indexed. */
const OWNERS_PER_STATEMENT = 20;

/**
 * Folds the BM25 statistics deltas that indexing appends (migration 0013) every `intervalMs` in
 * the worker role. Folding used to run inside every indexing transaction, where it rewrote one
 * statistics row per lexeme of every document and was a third of the transaction's cost; in
 * bulk, one fold per interval merges the deltas of many documents into one upsert per lexeme.
 * Nothing depends on when it runs (searches add pending deltas), only how many delta rows a
 * search reads: at most about one interval's worth of indexing per owner.
 */
export function startBm25FoldDuty(db: Db, intervalMs: number, params: Bm25Params, listChunks: number, log: Logger): PeriodicDuty {
  return startPeriodicDuty(
    'BM25 statistics fold',
    intervalMs,
    async (stopped) => {
      while (!stopped() && (await foldPendingBm25Statistics(db, OWNERS_PER_STATEMENT, params, listChunks)) >= OWNERS_PER_STATEMENT);
    },
    log,
  );
}
