import type { Db, Executor } from '../db/client.js';
import { createSpaceIndex, insertSpace, selectSpace, spaceIndexDdl } from '../db/repositories/search/vector-repo.js';
import type { Logger } from '../logger.js';
import type { EmbeddingSpace } from './types.js';

/**
 * Embedding spaces as search and the pipeline see them: which space a model's vectors live in,
 * remembered per container, and created (with its index) on first use. The SQL is in
 * db/repositories/search/vector-repo.ts.
 */

/**
 * Spaces found by model and dimensions, one set per container (a field of it, so two servers in
 * one process never share). Such a space never changes once it exists (a row is only ever
 * inserted, and (model, dimensions) names one), so every HYBRID search needn't ask again.
 * Lookups by model alone ("the newest") and misses are not remembered: a new space can appear
 * at any time.
 */
export class KnownSpaces {
  private readonly spaces = new Map<string, EmbeddingSpace>();

  get(model: string, dimensions: number): EmbeddingSpace | undefined {
    return this.spaces.get(`${dimensions}:${model}`);
  }

  remember(space: EmbeddingSpace): void {
    this.spaces.set(`${space.dimensions}:${space.model}`, space);
  }
}

/**
 * The newest space of `model` (of `dimensions` when configured); null before the first embedding.
 * With `known`, a space found by model and dimensions is remembered there and not asked for again.
 */
export async function findSpace(ex: Executor, model: string, dimensions?: number, known?: KnownSpaces): Promise<EmbeddingSpace | null> {
  if (!dimensions) return selectSpace(ex, model);
  const cached = known?.get(model, dimensions);
  if (cached) return cached;
  const space = await selectSpace(ex, model, dimensions);
  if (space) known?.remember(space);
  return space;
}

/**
 * Finds or creates the space, then its HNSW cosine index (idempotent, serialised across
 * processes). Creating an index needs the table owner: in services mode the pipeline runs as a
 * restricted role, so a refused CREATE INDEX is logged with the statement for an operator to run,
 * and search still works, by exact scan, until then.
 */
export async function ensureSpace(db: Db, model: string, dimensions: number, log: Logger): Promise<EmbeddingSpace> {
  const space = await insertSpace(db, model, dimensions);
  if (!space) throw new Error('embedding space vanished while being created');
  const ddl = spaceIndexDdl(space);
  try {
    await createSpaceIndex(db, ddl);
  } catch (err) {
    log.warn({ err, sql: ddl }, 'could not create the vector index for this embedding space; semantic search scans until it exists');
  }
  return space;
}
