import type { Db } from '../db/client.js';
import { hydrateQuery, lexicalPageQuery, lexicalRanking } from '../db/repositories/search/lexical-repo.js';
import { asSearchCaller } from '../db/repositories/search/search-scope.js';
import { semanticRanking } from '../db/repositories/search/vector-repo.js';
import type { Embedder } from '../embedder/embedder.js';
import { AppError, badInput, ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { semanticAvailable } from './capabilities.js';
import { lexicalQuery } from './lexical-search.js';
import { reciprocalRankFusion, type FusedHit } from './rrf.js';
import type { Bm25Params, ChunkView, LexicalQuery, RankedId, SearchFilter, SearchSyntax } from './types.js';
import { findSpace, type KnownSpaces } from './vector-store.js';

/**
 * Search as the user asks for it: which lists run (LEXICAL, SEMANTIC, HYBRID), how they fuse,
 * and what happens when semantic search cannot run. The statements themselves are in
 * db/repositories/search/.
 */
export const searchModes = ['LEXICAL', 'SEMANTIC', 'HYBRID'] as const;
export type SearchMode = (typeof searchModes)[number];

export interface SearchHit extends FusedHit {
  chunk: ChunkView;
  snippet: string;
}

export interface SearchRequest {
  query: string;
  first: number;
  mode: SearchMode;
  filter: SearchFilter;
  /** How the query text is read (see SearchSyntax); NATURAL when absent. */
  syntax?: SearchSyntax;
}

export interface SearchDeps {
  db: Db;
  database: { hasVector: boolean };
  embedder: Embedder;
  log: Logger;
  config: { bm25: Bm25Params };
  /** Spaces already looked up, the container's: a query does not ask for its space again. */
  knownSpaces: KnownSpaces;
}

/** An interactive query must not wait through the pipeline's long retry budget. */
const QUERY_EMBED_TIMEOUT_MS = 10_000;
/** Candidates taken from each list before fusion: RRF needs depth beyond the page to find agreement. */
export const fusionDepth = (first: number) => Math.min(200, Math.max(50, first * 2));

const asSemantic = (ranked: RankedId[]): FusedHit[] =>
  ranked.map((r, i) => ({ id: r.id, score: r.score, lexicalRank: null, semanticRank: i + 1 }));

async function embedQuery(deps: SearchDeps, query: string): Promise<number[]> {
  try {
    const [vector] = await deps.embedder.embed([query], { signal: AbortSignal.timeout(QUERY_EMBED_TIMEOUT_MS) });
    if (!vector) throw new Error('no vector for the query');
    return vector;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(ErrorCode.TIMEOUT, 'The embeddings provider did not answer in time', undefined, { cause: err });
  }
}

/**
 * LEXICAL ranks by Okapi BM25F; SEMANTIC by cosine similarity; HYBRID fuses both with RRF and
 * scores by the fused value. HYBRID quietly answers lexically where semantic search cannot run
 * (no provider, no pgvector, nothing embedded yet, or the provider failing right now), because
 * it is the default and must always work; an explicit SEMANTIC request that cannot be served is
 * a BAD_USER_INPUT error instead, so a client never mistakes keyword hits for semantic ones.
 */
export async function search(deps: SearchDeps, ownerId: string, req: SearchRequest): Promise<SearchHit[]> {
  const { query, first, filter } = req;
  const lexical = lexicalQuery(query, req.syntax);
  const bm25 = deps.config.bm25;
  const canEmbed = semanticAvailable(deps);
  if (req.mode === 'SEMANTIC' && !canEmbed) {
    throw badInput('Semantic search is not available on this server (no embeddings provider or no pgvector)', { field: 'mode' });
  }
  if (req.mode === 'LEXICAL' || !canEmbed) return lexicalPage(deps.db, ownerId, lexical, filter, first, bm25);
  const space = await findSpace(deps.db, deps.embedder.model, deps.embedder.dimensions, deps.knownSpaces);
  let fused: FusedHit[];
  if (req.mode === 'SEMANTIC') {
    fused = space ? asSemantic(await semanticRanking(deps.db, ownerId, await embedQuery(deps, query), space, filter, first)) : [];
  } else {
    const depth = fusionDepth(first);
    const [ranked, vector] = await Promise.all([
      asSearchCaller(deps.db, ownerId, (tx) => lexicalRanking(tx, ownerId, lexical, filter, depth, bm25)),
      space
        ? embedQuery(deps, query).catch((err: unknown) => {
            deps.log.warn({ err }, 'query embedding failed; answering lexically');
            return null;
          })
        : null,
    ]);
    const semantic = vector && space ? await semanticRanking(deps.db, ownerId, vector, space, filter, depth) : [];
    fused = reciprocalRankFusion(
      ranked.map((r) => r.id),
      semantic.map((r) => r.id),
    ).slice(0, first);
  }
  return hydrate(deps.db, ownerId, lexical, filter, fused);
}

/** LEXICAL: one statement inside the caller's transaction. */
async function lexicalPage(
  db: Db,
  ownerId: string,
  query: LexicalQuery,
  filter: SearchFilter,
  first: number,
  bm25: Bm25Params,
): Promise<SearchHit[]> {
  const rows = await asSearchCaller(db, ownerId, (tx) => lexicalPageQuery(tx, ownerId, query, filter, first, bm25));
  return rows.map((r, i) => ({
    id: r.chunk.id,
    score: Number(r.score),
    lexicalRank: i + 1,
    semanticRank: null,
    chunk: r.chunk,
    snippet: r.snippet,
  }));
}

async function hydrate(db: Db, ownerId: string, query: LexicalQuery, filter: SearchFilter, hits: FusedHit[]): Promise<SearchHit[]> {
  if (!hits.length) return [];
  const ids = hits.map((h) => h.id);
  const rows = await asSearchCaller(db, ownerId, (tx) => hydrateQuery(tx, query, filter, ids));
  const byId = new Map(rows.map((r) => [r.chunk.id, r]));
  return hits.flatMap((h) => {
    const row = byId.get(h.id);
    return row ? [{ ...h, chunk: row.chunk, snippet: row.snippet }] : [];
  });
}
