import { bigint, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

/**
 * BM25 collection statistics per owner (the set of chunks a caller may see): for each lexeme the
 * number of chunks holding it (`df`), and in the row with the empty lexeme the chunk count and the
 * summed field lengths (for the average length). Only database triggers write these tables
 * (migration 0008): every insert, update or delete of chunks, however it happens (pipeline,
 * cascade from a deleted document, bulk load), adds its counts as a delta row; the worker role's
 * periodic duty folds deltas into this table (migration 0013, app/bm25-fold-duty.ts) under the
 * owner's advisory lock, so indexing never waits on a shared counter row nor pays for the fold.
 */
export const bm25TermStats = pgTable(
  'bm25_term_stats',
  {
    ownerId: uuid('owner_id').notNull(),
    lexeme: text('lexeme').notNull(),
    df: bigint('df', { mode: 'number' }).notNull(),
    lenHead: bigint('len_head', { mode: 'number' }).notNull().default(0),
    lenBody: bigint('len_body', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.lexeme] })],
);

/** Not yet folded counts (insert-only for writers, so concurrent indexing never conflicts). */
export const bm25TermDeltas = pgTable(
  'bm25_term_deltas',
  {
    ownerId: uuid('owner_id').notNull(),
    lexeme: text('lexeme').notNull(),
    df: bigint('df', { mode: 'number' }).notNull(),
    lenHead: bigint('len_head', { mode: 'number' }).notNull().default(0),
    lenBody: bigint('len_body', { mode: 'number' }).notNull().default(0),
  },
  (t) => [index('bm25_term_deltas_owner_lexeme_idx').on(t.ownerId, t.lexeme)],
);
