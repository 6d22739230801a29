import type { Database } from '../db/client.js';
import type { Embedder } from '../embedder/embedder.js';
import type { Logger } from '../logger.js';

/** Semantic search needs both a vector store and a model to put the query into its space. */
export function semanticAvailable(c: { database: Pick<Database, 'hasVector'>; embedder: Pick<Embedder, 'available'> }): boolean {
  return c.database.hasVector && c.embedder.available;
}

/**
 * Said once per process at start, so an operator who configured embeddings against a PostgreSQL
 * without pgvector learns why HYBRID answers like LEXICAL, without a warning on every query.
 */
export function announceSearchCapabilities(database: Database, embedder: Embedder, log: Logger): void {
  if (!embedder.available) {
    log.info('semantic search is off (EMBEDDINGS_URL is not set); serving lexical search');
  } else if (!database.hasVector) {
    log.warn('semantic search is unavailable: pgvector is not installed in this PostgreSQL; serving lexical search');
  } else {
    log.info({ model: embedder.model, dimensions: embedder.dimensions ?? 'from first response' }, 'semantic search is on');
  }
}
