import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/client.js';
import { perOwner } from '../app/per-owner.js';
import type { Logger } from '../logger.js';
import { chunks, embeddingSpaces, type EmbeddingSpaceRow } from '../db/schema/index.js';

/**
 * Vectors live in `chunks.embedding` (untyped `vector`, only where pgvector exists). Each
 * embedding space (model + dimensions) has its own partial HNSW index over
 * `embedding::vector(N)`, because an index needs a fixed dimension and ours is only known from
 * config or the provider's first answer. Queries must repeat that exact expression and the
 * space id as a literal (never a bind parameter: a generic plan could not prove the partial
 * index's predicate), which is safe because both are integers read from our own table.
 */

/** Serialises space creation across processes, so two workers never race on CREATE INDEX. */
const SPACE_LOCK = 727_274_002;
const WRITE_BATCH = 100;

export type EmbeddingSpace = Pick<EmbeddingSpaceRow, 'id' | 'model' | 'dimensions'>;

export const vectorLiteral = (v: readonly number[]) => `[${v.join(',')}]`;

/** The typed vector expression the space's index is built on. */
export const spaceVector = (space: EmbeddingSpace) => sql.raw(`"chunks"."embedding"::vector(${Math.trunc(space.dimensions)})`);
export const spaceIs = (space: EmbeddingSpace) => sql.raw(`"chunks"."embedding_space" = ${Math.trunc(space.id)}`);

const indexName = (space: EmbeddingSpace) => `chunks_embedding_space_${Math.trunc(space.id)}_idx`;

/**
 * Spaces found by model and dimensions, per database. Such a space never changes once it exists
 * (a row is only ever inserted, and (model, dimensions) names one), so every HYBRID search
 * needn't ask again. Lookups by model alone ("the newest") and misses are not remembered: a new
 * space can appear at any time.
 */
const knownSpaces = perOwner((_db: Executor) => new Map<string, EmbeddingSpace>());

/** The newest space of `model` (of `dimensions` when configured); null before the first embedding. */
export async function findSpace(ex: Executor, model: string, dimensions?: number): Promise<EmbeddingSpace | null> {
  if (!dimensions) return querySpace(ex, model);
  const known = knownSpaces(ex);
  const key = `${dimensions}:${model}`;
  const cached = known.get(key);
  if (cached) return cached;
  const space = await querySpace(ex, model, dimensions);
  if (space) known.set(key, space);
  return space;
}

async function querySpace(ex: Executor, model: string, dimensions?: number): Promise<EmbeddingSpace | null> {
  const [row] = await ex
    .select({ id: embeddingSpaces.id, model: embeddingSpaces.model, dimensions: embeddingSpaces.dimensions })
    .from(embeddingSpaces)
    .where(dimensions ? and(eq(embeddingSpaces.model, model), eq(embeddingSpaces.dimensions, dimensions)) : eq(embeddingSpaces.model, model))
    .orderBy(desc(embeddingSpaces.id))
    .limit(1);
  return row ?? null;
}

/**
 * Finds or creates the space, then its HNSW cosine index (idempotent, serialised across
 * processes). Creating an index needs the table owner: in services mode the pipeline runs as a
 * restricted role, so a refused CREATE INDEX is logged with the statement for an operator to run,
 * and search still works, by exact scan, until then.
 */
export async function ensureSpace(db: Db, model: string, dimensions: number, log: Logger): Promise<EmbeddingSpace> {
  const space = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SPACE_LOCK})`);
    await tx.insert(embeddingSpaces).values({ model, dimensions }).onConflictDoNothing();
    return findSpace(tx, model, dimensions);
  });
  if (!space) throw new Error('embedding space vanished while being created');
  const ddl =
    `CREATE INDEX IF NOT EXISTS ${indexName(space)} ON chunks USING hnsw ` +
    `((embedding::vector(${Math.trunc(space.dimensions)})) vector_cosine_ops) WHERE embedding_space = ${Math.trunc(space.id)}`;
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SPACE_LOCK})`);
      await tx.execute(sql.raw(ddl));
    });
  } catch (err) {
    log.warn({ err, sql: ddl }, 'could not create the vector index for this embedding space; semantic search scans until it exists');
  }
  return space;
}

/** Ids of the document's chunks that already carry a vector of `space`: these are not re-embedded. */
export async function embeddedChunkIds(ex: Executor, documentId: string, space: EmbeddingSpace): Promise<Set<string>> {
  const rows = await ex
    .select({ id: chunks.id })
    .from(chunks)
    .where(and(eq(chunks.documentId, documentId), eq(chunks.embeddingSpace, space.id), isNotNull(sql`"chunks"."embedding"`)));
  return new Set(rows.map((r) => r.id));
}

export interface ChunkVector {
  id: string;
  vector: readonly number[];
}

/** Stores vectors on existing chunk rows; a chunk that vanished meanwhile is simply not updated. */
export async function writeEmbeddings(ex: Executor, space: EmbeddingSpace, vectors: readonly ChunkVector[]): Promise<void> {
  for (let i = 0; i < vectors.length; i += WRITE_BATCH) {
    const rows = vectors.slice(i, i + WRITE_BATCH).map((v) => sql`(${v.id}, ${vectorLiteral(v.vector)})`);
    await ex.execute(sql`
      update chunks set embedding = v.e::vector, embedding_space = ${space.id}
      from (values ${sql.join(rows, sql`, `)}) as v(id, e)
      where chunks.id = v.id`);
  }
}
