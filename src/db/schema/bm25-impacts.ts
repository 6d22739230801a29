import { bigserial, bigint, doublePrecision, index, integer, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';

/**
 * Impact-ordered postings for the common words of a statistics scope (migration 0018), so a search
 * reads the few chunks that can reach its top k instead of scoring every chunk holding "the" or
 * "patients". A word gets a list in a scope once it is in more chunks there than a GIN probe and
 * a full scoring can afford (`docsphere_bm25_impact_threshold`); rare words stay with the GIN
 * index. The lists are a cache of the chunks, never the source of a score: a search reads them in
 * impact order to find candidates and an upper bound for every chunk it has not read, then scores
 * the candidates exactly from the chunks. So a list may hold too much (a moved or deleted chunk,
 * an impact above the true one) but never too little: every chunk of the scope holding the word
 * and missing from the list has an impact at most `floor`, or sits in `bm25_chunk_log` until the
 * next fold.
 */
export const bm25ImpactLists = pgTable(
  'bm25_impact_lists',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    scopeId: uuid('scope_id').notNull(),
    /** The statistics key: "<configuration> <lexeme>". */
    key: text('key').notNull(),
    /**
     * The lexeme alone. A word common in one configuration gets a list in every configuration
     * the scope holds it in: a GIN probe for the word would fetch every configuration's chunks,
     * so a rare "german data" is cheap to score only through its own (complete) list.
     */
    word: text('word').notNull(),
    /** The parameters the impacts were computed with; a search with others does not use the list. */
    k1: doublePrecision('k1').notNull(),
    b: doublePrecision('b').notNull(),
    headWeight: doublePrecision('head_weight').notNull(),
    /** The scope's average length when the list was built: a search corrects for its drift. */
    avgdl: doublePrecision('avgdl').notNull(),
    /** The highest impact of any posting left out of the list (0: none left out). */
    floor: doublePrecision('floor').notNull().default(0),
  },
  (t) => [unique('bm25_impact_lists_scope_key').on(t.scopeId, t.key), index('bm25_impact_lists_scope_word_idx').on(t.scopeId, t.word)],
);

/**
 * The parameters each scope's lists were last built with. A scope whose row differs from the
 * fold's parameters (or is empty, as every scope that existed before migration 0018) has all its
 * lists rebuilt by the next fold, so lists follow a change of SEARCH_BM25_* or
 * BM25_IMPACT_LIST_CHUNKS without anything else writing to the scope.
 */
export const bm25ListScopes = pgTable('bm25_list_scopes', {
  scopeId: uuid('scope_id').primaryKey(),
  k1: doublePrecision('k1'),
  b: doublePrecision('b'),
  headWeight: doublePrecision('head_weight'),
  keep: integer('keep'),
});

/**
 * One posting: chunk `chunk_id` holds the list's word with impact tf / (tf + k1 * (1 - b + b *
 * len / avgdl)) at the list's parameters, the factor of BM25's term weight that depends on the chunk.
 */
export const bm25Impacts = pgTable(
  'bm25_impacts',
  {
    listId: bigint('list_id', { mode: 'number' }).notNull(),
    chunkId: text('chunk_id').notNull(),
    impact: doublePrecision('impact').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.listId, t.chunkId] }),
    index('bm25_impacts_order_idx').on(t.listId, t.impact.desc(), t.chunkId),
    index('bm25_impacts_chunk_idx').on(t.chunkId),
  ],
);

/**
 * Chunks that entered a scope (inserted, moved by a collection change, rewritten) since the scope
 * was last folded: the fold adds them to the scope's lists, and a search until then scores them as
 * candidates. Written by the chunk triggers in the same transaction as the chunk, so no chunk can
 * slip between a list being built and its first fold.
 */
export const bm25ChunkLog = pgTable(
  'bm25_chunk_log',
  {
    scopeId: uuid('scope_id').notNull(),
    chunkId: text('chunk_id').notNull(),
  },
  (t) => [index('bm25_chunk_log_scope_idx').on(t.scopeId)],
);
