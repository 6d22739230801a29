import type { ChunkRow, EmbeddingSpaceRow } from '../db/schema/index.js';

/**
 * The vocabulary search speaks, in a file of its own so the ranking code in search/ and the SQL
 * in db/repositories/search/ can both use it without importing each other.
 */

/** Narrows a search to some of the caller's documents. Every field is optional and they AND. */
export interface SearchFilter {
  documentIds?: readonly string[] | null;
  mimeTypes?: readonly string[] | null;
  /** Document upload time bounds: createdAfter inclusive, createdBefore exclusive. */
  createdAfter?: Date | null;
  createdBefore?: Date | null;
  /** ISO 639-1 code of the document's detected language. */
  language?: string | null;
  /** Only documents of these collections (the caller must be a member of each). */
  collectionIds?: readonly string[] | null;
  /** Only documents carrying every one of these tags (normalised by the service). */
  tags?: readonly string[] | null;
}

export interface RankedId {
  id: string;
  score: number;
}

/** Okapi BM25F parameters (config.ts: SEARCH_BM25_K1, SEARCH_BM25_B, SEARCH_HEADING_WEIGHT). */
export interface Bm25Params {
  k1: number;
  b: number;
  headingWeight: number;
}

/**
 * How the query text is read. NATURAL (the default) takes words as words: "varenicline or
 * bupropion" and "G - quadruplex" are searched as written and ranked by BM25, and operators count
 * only where they cannot be ordinary prose: a "quoted phrase", OR in capitals, a -word with the
 * dash attached. WEBSEARCH is PostgreSQL's websearch_to_tsquery as is (a lowercase "or" is OR too).
 */
export const searchSyntaxes = ['NATURAL', 'WEBSEARCH'] as const;
export type SearchSyntax = (typeof searchSyntaxes)[number];

/** What one lexical statement matches: the text, and whether it is parsed with operators. */
export interface LexicalQuery {
  text: string;
  websearch: boolean;
}

/** A chunk as search returns it: everything but its tsvector, which only the database reads. */
export type ChunkView = Omit<ChunkRow, 'searchVector'>;

/** A model and its vector size; each has its own partial HNSW index (db/repositories/search/vector-repo.ts). */
export type EmbeddingSpace = Pick<EmbeddingSpaceRow, 'id' | 'model' | 'dimensions'>;

export interface ChunkVector {
  id: string;
  vector: readonly number[];
}
