import { and, desc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { ChunkVector, EmbeddingSpace, RankedId, SearchFilter } from '../../../search/types.js';
import type { Db, Executor } from '../../client.js';
import { queryRows } from '../../rows.js';
import { chunks, embeddingSpaces } from '../../schema/index.js';
import { asSearchCaller, chunkScope } from './search-scope.js';

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
/** Candidates HNSW keeps while searching; above the default 40 so filtered queries still fill a page. */
const EF_SEARCH = 100;

export const vectorLiteral = (v: readonly number[]) => `[${v.join(',')}]`;

/** The typed vector expression the space's index is built on. */
const spaceVector = (space: EmbeddingSpace) => sql.raw(`"chunks"."embedding"::vector(${Math.trunc(space.dimensions)})`);
const spaceIs = (space: EmbeddingSpace) => sql.raw(`"chunks"."embedding_space" = ${Math.trunc(space.id)}`);

const indexName = (space: EmbeddingSpace) => `chunks_embedding_space_${Math.trunc(space.id)}_idx`;

/** The newest space of `model` (of `dimensions` when given); null when there is none. */
export async function selectSpace(ex: Executor, model: string, dimensions?: number): Promise<EmbeddingSpace | null> {
  const [row] = await ex
    .select({ id: embeddingSpaces.id, model: embeddingSpaces.model, dimensions: embeddingSpaces.dimensions })
    .from(embeddingSpaces)
    .where(
      dimensions ? and(eq(embeddingSpaces.model, model), eq(embeddingSpaces.dimensions, dimensions)) : eq(embeddingSpaces.model, model),
    )
    .orderBy(desc(embeddingSpaces.id))
    .limit(1);
  return row ?? null;
}

/** Inserts the space unless it exists, under the space lock, and reads it back in the same transaction. */
export function insertSpace(db: Db, model: string, dimensions: number): Promise<EmbeddingSpace | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SPACE_LOCK})`);
    await tx.insert(embeddingSpaces).values({ model, dimensions }).onConflictDoNothing();
    return selectSpace(tx, model, dimensions);
  });
}

/** The DDL of the space's HNSW cosine index; logged for an operator when the runtime role may not run it. */
export function spaceIndexDdl(space: EmbeddingSpace): string {
  return (
    `CREATE INDEX IF NOT EXISTS ${indexName(space)} ON chunks USING hnsw ` +
    `((embedding::vector(${Math.trunc(space.dimensions)})) vector_cosine_ops) WHERE embedding_space = ${Math.trunc(space.id)}`
  );
}

/** Runs `ddl` (from spaceIndexDdl) under the space lock, so two processes never build it at once. */
export async function createSpaceIndex(db: Db, ddl: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SPACE_LOCK})`);
    await tx.execute(sql.raw(ddl));
  });
}

/** Ids of the document's chunks that already carry a vector of `space`: these are not re-embedded. */
export async function embeddedChunkIds(ex: Executor, documentId: string, space: EmbeddingSpace): Promise<Set<string>> {
  const rows = await ex
    .select({ id: chunks.id })
    .from(chunks)
    .where(and(eq(chunks.documentId, documentId), eq(chunks.embeddingSpace, space.id), isNotNull(sql`"chunks"."embedding"`)));
  return new Set(rows.map((r) => r.id));
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

/**
 * Best-first ids by cosine distance to `vector`, within the caller's chunks of `space`. The
 * ORDER BY repeats the index expression so the space's partial HNSW index serves it; score is
 * cosine similarity (1 - distance).
 */
export function semanticRankingSql(
  ownerId: string,
  vector: readonly number[],
  space: EmbeddingSpace,
  filter: SearchFilter,
  limit: number,
): SQL {
  const typed = sql.raw(`::vector(${Math.trunc(space.dimensions)})`);
  const distance = sql`${spaceVector(space)} <=> ${vectorLiteral(vector)}${typed}`;
  return sql`
    select ${chunks.id} as id, 1 - (${distance}) as score
    from ${chunks}
    where ${spaceIs(space)} and ${chunkScope(ownerId, filter)}
    order by ${distance}, ${chunks.id}
    limit ${limit}`;
}

/**
 * Runs as the caller (the visible scopes are the database's reading of `app.user_id`) in a
 * transaction, which also scopes two settings to this query: a larger ef_search, and
 * pgvector's iterative index scan (≥ 0.8), which keeps walking the graph while the owner filter
 * rejects candidates instead of returning a short page. `relaxed_order` may return neighbours
 * slightly out of order, so the rows are sorted again by distance here.
 */
export async function semanticRanking(
  db: Db,
  ownerId: string,
  vector: readonly number[],
  space: EmbeddingSpace,
  filter: SearchFilter,
  limit: number,
): Promise<RankedId[]> {
  return asSearchCaller(db, ownerId, async (tx) => {
    await tx.execute(
      sql`select set_config('hnsw.ef_search', ${String(Math.max(EF_SEARCH, limit))}, true),
                 set_config('hnsw.iterative_scan', 'relaxed_order', true)`,
    );
    const rows = await queryRows<{ id: string; score: number | string }>(tx, semanticRankingSql(ownerId, vector, space, filter, limit));
    return rows.map((r) => ({ id: r.id, score: Number(r.score) })).sort((a, b) => b.score - a.score);
  });
}
