import type { Container } from '../app/container.js';
import type { Chunk } from '../chunker/types.js';
import type { ConversionResult } from '../converters/core/types.js';
import type { DocumentSummary } from '../db/repositories/documents-repo.js';
import type { SandboxPool } from '../sandbox/pool.js';
import type { ChunkVector, EmbeddingSpace } from '../search/types.js';
import type { CancelRegistry } from './cancel-registry.js';
import type { DocumentWriter } from './document-writer.js';
import type { StageProgress } from './progress.js';

/** Thrown when the document was deleted or reprocessed under a running job: stop quietly. */
export class StaleJobError extends Error {
  override readonly name = 'StaleJobError';
}

/**
 * What the pipeline needs besides the container: this process's converter sandboxes and its
 * registry of running conversions (both held by the worker runtime, app/worker-runtime.ts).
 */
export interface PipelineDeps {
  c: Container;
  sandboxes: SandboxPool;
  cancels: CancelRegistry;
}

/**
 * What a stage sees: the container, the document as last committed, and the outputs of the
 * stages before it. Stages commit their own results, so a retry starts from durable state.
 */
export interface StageContext extends PipelineDeps {
  /** Without its Markdown and text: the stage after convert takes them from `conversion`. */
  doc: DocumentSummary;
  /** Every state change of the document goes through it (stage announcements ride along). */
  writer: DocumentWriter;
  /** Set by the convert stage: the content this run committed (or commits with the index). */
  conversion?: ConversionResult;
  chunks?: Chunk[];
  /** New vectors from the embed stage, written with the chunks by the index stage. */
  embeddings?: { space: EmbeddingSpace; vectors: ChunkVector[] };
}

/**
 * One stage's work. `progress` is the stage's slice of the overall progress bar: report
 * fractions through it (throttled), and take `progress.at(1)` for the stage's own commit.
 */
export type StageRunner = (ctx: StageContext, progress: StageProgress) => Promise<void>;
