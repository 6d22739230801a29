import { semanticAvailable } from '../search/capabilities.js';
import { embeddedChunkIds } from '../db/repositories/search/vector-repo.js';
import { ensureSpace, findSpace } from '../search/vector-store.js';
import type { Chunk } from '../chunker/types.js';
import { EmbeddingsRefusedError } from '../embedder/openai-embedder.js';
import type { StageProgress } from './progress.js';
import type { StageContext } from './stage.js';

/** What the model sees: the heading path gives a passage its context ("Install › Linux"). */
export const embeddingText = (chunk: Pick<Chunk, 'headings' | 'text'>) =>
  chunk.headings.length ? `${chunk.headings.join(' › ')}\n\n${chunk.text}` : chunk.text;

/**
 * Embeds the chunks that have no vector of the current model yet. Chunk ids are content hashes,
 * so on reprocess an unchanged chunk keeps its id and its stored vector and is skipped: only new
 * or edited passages cost provider calls. The vectors are handed to the index stage, which
 * writes them in the same transaction as the chunks. Skipped entirely (a no-op stage) when there
 * is no provider or no pgvector. Batches embedded are reported as the stage's progress.
 */
export async function embedStage(ctx: StageContext, progress: StageProgress): Promise<void> {
  const { c, doc } = ctx;
  if (!semanticAvailable(c)) return;
  const chunks = ctx.chunks ?? [];
  const known = await findSpace(c.db, c.embedder.model, c.embedder.dimensions, c.knownSpaces);
  const done = known ? await embeddedChunkIds(c.db, doc.id, known) : new Set<string>();
  const todo = chunks.filter((ch) => !done.has(ch.id));
  if (!todo.length) return;

  const onBatch = (embedded: number, total: number) => progress.report(embedded / total, undefined, embedded >= total);
  let vectors: number[][];
  try {
    vectors = await c.embedder.embed(todo.map(embeddingText), { onBatch });
  } catch (err) {
    // A refused request (bad key, unknown model) would fail every retry: index the document for
    // full-text search now, without vectors, rather than failing it; reprocessing embeds it later.
    // Busy or unreachable providers throw on, so the queue retries the job with backoff.
    if (!(err instanceof EmbeddingsRefusedError)) throw err;
    c.log.warn({ err, documentId: doc.id }, 'embeddings provider refused the request; indexing without vectors');
    return;
  } finally {
    await progress.flush();
  }
  const dimensions = c.embedder.dimensions ?? vectors[0]?.length;
  if (!dimensions) return;
  const space = known?.dimensions === dimensions ? known : await ensureSpace(c.db, c.embedder.model, dimensions, c.log);
  ctx.embeddings = { space, vectors: todo.map((ch, i) => ({ id: ch.id, vector: vectors[i]! })) };
}
