/**
 * The embedding port. Semantic search needs vectors from a model, and no model ships with the
 * server, so the only real adapter speaks the OpenAI-compatible `/v1/embeddings` protocol
 * (OpenAI, Ollama, vLLM, text-embeddings-inference all serve it); the null adapter stands in
 * when nothing is configured, so callers ask `available` instead of checking for undefined.
 */
export interface Embedder {
  readonly available: boolean;
  /** Model name as sent to the provider; with the dimension it names the embedding space. */
  readonly model: string;
  /** Known from config, else learnt from the first response. */
  readonly dimensions: number | undefined;
  /**
   * Vectors for `texts`, in order. Long lists are split into provider-sized batches; `onBatch`
   * reports how many texts are done so a pipeline stage can publish progress.
   */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<number[][]>;
}

export interface EmbedOptions {
  signal?: AbortSignal;
  onBatch?: (done: number, total: number) => void;
}

/** Used when EMBEDDINGS_URL is unset: semantic search and the embed stage are off. */
export const nullEmbedder: Embedder = {
  available: false,
  model: '',
  dimensions: undefined,
  embed: () => Promise.reject(new Error('No embeddings provider is configured')),
};
