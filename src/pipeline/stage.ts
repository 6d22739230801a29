import type { Container } from '../app/container.js';
import type { Chunk } from '../chunker/types.js';
import type { ConversionResult } from '../converters/core/types.js';
import type { DocumentRow } from '../db/schema/index.js';
import type { PipelineStage } from '../jobs/flow.js';
import type { ChunkVector, EmbeddingSpace } from '../search/vector-store.js';

/** Thrown when the document was deleted or reprocessed under a running job: stop quietly. */
export class StaleJobError extends Error {
  override readonly name = 'StaleJobError';
}

/**
 * What a stage sees: the container, the document as last committed, and the outputs of the
 * stages before it. Stages commit their own results, so a retry starts from durable state.
 */
export interface StageContext {
  c: Container;
  doc: DocumentRow;
  conversion?: ConversionResult;
  chunks?: Chunk[];
  /** New vectors from the embed stage, written with the chunks by the index stage. */
  embeddings?: { space: EmbeddingSpace; vectors: ChunkVector[] };
}

export type StageRunner = (ctx: StageContext) => Promise<void>;
export type StageRunners = Record<PipelineStage, StageRunner>;
