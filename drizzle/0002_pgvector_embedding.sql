-- Custom migration (drizzle-kit generate --custom): the chunk vector column exists only where
-- pgvector does. On PostgreSQL without the extension this does nothing, the server starts and
-- serves lexical search; the drizzle schema never names the column, so every query compiles on
-- both. The column has no fixed dimension: each embedding space (model + dimensions) gets its own
-- partial HNSW expression index on first use (src/search/vector-store.ts).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS vector;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'pgvector is available but this role cannot create it: semantic search stays off';
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
    ALTER TABLE chunks ADD COLUMN IF NOT EXISTS embedding vector;
  END IF;
END
$$;
