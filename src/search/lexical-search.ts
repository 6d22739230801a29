import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { chunks, type ChunkRow } from '../db/schema/index.js';

export interface LexicalHit {
  chunk: ChunkRow;
  score: number;
  snippet: string;
}

/** ts_headline options: short fragments around the matches, marked for the client to highlight. */
const HEADLINE_OPTIONS =
  'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=30, MinWords=10, FragmentDelimiter=" … "';

/**
 * Full-text search over the caller's chunks with `websearch_to_tsquery` syntax (quotes, OR,
 * -exclusion). Ranking runs on the GIN-indexed tsvector first; the costly snippet is computed
 * only for the rows that make the page.
 */
export async function lexicalSearch(
  ex: Executor,
  ownerId: string,
  query: string,
  limit: number,
): Promise<LexicalHit[]> {
  const tsquery = sql`websearch_to_tsquery('english', ${query})`;
  const ranked = ex
    .select({
      id: chunks.id,
      score: sql<number>`ts_rank_cd(${chunks.searchVector}, ${tsquery})`.as('score'),
    })
    .from(chunks)
    .where(and(eq(chunks.ownerId, ownerId), sql`${chunks.searchVector} @@ ${tsquery}`))
    .orderBy(desc(sql`score`), chunks.id)
    .limit(limit)
    .as('ranked');
  const rows = await ex
    .select({
      chunk: chunks,
      score: ranked.score,
      snippet: sql<string>`ts_headline('english', ${chunks.text}, ${tsquery}, ${HEADLINE_OPTIONS})`,
    })
    .from(ranked)
    .innerJoin(chunks, eq(chunks.id, ranked.id))
    .orderBy(desc(ranked.score), chunks.id);
  return rows.map((r) => ({ chunk: r.chunk, score: Number(r.score), snippet: r.snippet }));
}
