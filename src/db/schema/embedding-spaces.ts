import { integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * One row per (model, dimensions) the server has embedded with. A chunk's vector only means
 * something next to vectors of the same space, and an HNSW index needs a fixed dimension, which
 * is known only from config or the provider's first answer: so the `embedding` column stays
 * untyped (`vector`, added by a custom migration where pgvector exists) and each space gets its
 * own partial expression index `((embedding::vector(N)) vector_cosine_ops) WHERE embedding_space
 * = id`, created on first use. Changing the model later needs no ALTER TABLE and no downtime:
 * new chunks go to the new space, and search queries only the current one.
 */
export const embeddingSpaces = pgTable(
  'embedding_spaces',
  {
    id: serial('id').primaryKey(),
    model: text('model').notNull(),
    dimensions: integer('dimensions').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('embedding_spaces_model_dimensions_key').on(t.model, t.dimensions)],
);

export type EmbeddingSpaceRow = typeof embeddingSpaces.$inferSelect;
