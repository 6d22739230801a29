import { bigint, index, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';

/**
 * The disjoint parts that BM25 statistics are kept for. A caller sees their own documents plus the
 * documents of their collections; those sets overlap (a document in two collections, one's own
 * document shared), so statistics kept per owner or per collection could not be added up without
 * counting a chunk twice. Instead every document falls in exactly one scope: its owner and the
 * exact set of collections holding it. Whatever a caller may see (or narrows a search to) is a
 * union of whole scopes (docsphere_bm25_visible_scopes, migration 0017), so its statistics are the
 * sums of theirs: exact, and never moved by anything the caller cannot see. A document in no
 * collection counts in the scope whose id is its owner's id, which has no row here.
 */
export const bm25Scopes = pgTable(
  'bm25_scopes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id').notNull(),
    /** Sorted, never empty. */
    collectionIds: uuid('collection_ids').array().notNull(),
  },
  (t) => [unique('bm25_scopes_owner_collections_key').on(t.ownerId, t.collectionIds)],
);

/**
 * BM25 collection statistics per scope (above; the column keeps its first name, `owner_id`): for each lexeme the
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
