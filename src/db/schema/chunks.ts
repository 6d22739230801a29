import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PageBox } from '../../chunker/types.js';
import { documents } from './documents.js';
import { embeddingSpaces } from './embedding-spaces.js';
import { regconfig, tsvector } from './types.js';

export const chunks = pgTable(
  'chunks',
  {
    /** Content hash from the chunker: unchanged content keeps its id across reprocessing. */
    id: text('id').primaryKey(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /** Denormalised so every search is filtered by owner without a join. */
    ownerId: uuid('owner_id').notNull(),
    index: integer('index').notNull(),
    content: text('content').notNull(),
    text: text('text').notNull(),
    headings: text('headings')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The heading path as one string: array_to_string is not immutable, so it cannot feed a generated column. */
    headingText: text('heading_text').notNull().default(''),
    pageStart: integer('page_start'),
    pageEnd: integer('page_end'),
    charStart: integer('char_start').notNull(),
    charEnd: integer('char_end').notNull(),
    tokenCount: integer('token_count').notNull(),
    /** Where the chunk stands on its pages, for highlighting (PDF text layers); null for other formats. */
    boxes: jsonb('boxes').$type<PageBox[]>(),
    tsConfig: regconfig('ts_config')
      .notNull()
      .default(sql`'english'::regconfig`),
    /**
     * Headings (weight A) weigh more than body text (weight B), so a hit in a section title ranks
     * first. Words joined by a slash are split first (docsphere_search_text, migration 0008):
     * PostgreSQL's parser would keep "osteomalacia/rickets" as one unstemmed file-path token that
     * no query for either word finds. Never written by the application: the `chunks_bm25_terms`
     * trigger (migration 0013) builds it on every insert and every change of the text, heading or
     * configuration, from the same single analysis that gives the field lengths below (a generated
     * column could not share that analysis, and analysing each text twice was most of an indexing
     * transaction's time). The default only lets an insert omit it.
     */
    searchVector: tsvector('search_vector')
      .notNull()
      .default(sql`''::tsvector`),
    /**
     * Tokens indexed from the heading path and from the body (stop words dropped, as the tsvector
     * holds them): the field lengths of BM25F, which weighs the heading above the body at query
     * time. Set by the `chunks_bm25_terms` trigger together with `search_vector`.
     */
    lenHead: integer('len_head').notNull().default(0),
    lenBody: integer('len_body').notNull().default(0),
    /**
     * The BM25 statistics scope the chunk counts in (bm25-stats.ts): null while its document is in
     * no collection (the owner's own scope, whose id is the owner's), else the `bm25_scopes` row of
     * its owner and exact set of collections. Never written by the application: the
     * `chunks_bm25_terms` trigger sets it on insert and `docsphere_bm25_rescope` (migration 0017)
     * when the document joins or leaves a collection. Search filters by it too, so it is also the
     * fast form of the visibility rule for chunks.
     */
    statsScope: uuid('stats_scope'),
    /**
     * The embedding space of this chunk's vector (null: not embedded). The vector itself lives in
     * an `embedding vector` column that only exists where pgvector does (custom migration), so
     * it is not declared here and every query in this schema compiles on both databases.
     */
    embeddingSpace: integer('embedding_space').references(() => embeddingSpaces.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('chunks_document_idx').on(t.documentId, t.index),
    index('chunks_owner_idx').on(t.ownerId),
    index('chunks_search_idx').using('gin', t.searchVector),
  ],
);

export type ChunkRow = typeof chunks.$inferSelect;
