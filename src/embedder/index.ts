import type { Config } from '../config.js';
import { nullEmbedder, type Embedder } from './embedder.js';
import { OpenAiEmbedder } from './openai-embedder.js';

export type { Embedder, EmbedOptions } from './embedder.js';

/** The one place the embedding adapter is chosen from config. */
export function createEmbedder(config: Pick<Config, 'embeddings'>): Embedder {
  const e = config.embeddings;
  return e ? new OpenAiEmbedder({ url: e.url, model: e.model, apiKey: e.apiKey, dimensions: e.dimensions }) : nullEmbedder;
}
