/**
 * Reciprocal Rank Fusion (Cormack, Clarke & Büttcher 2009): score(d) = Σ 1 / (k + rank_i(d)).
 * It needs no score calibration between lists (ts_rank_cd and cosine similarity live on
 * unrelated scales), and k = 60 is the value from the paper that Elasticsearch, OpenSearch and
 * Vespa also default to: it damps the head of each list so agreement between lists wins.
 */
export const RRF_K = 60;

export interface FusedHit {
  id: string;
  score: number;
  /** 1-based positions in the input lists; null where the list did not return the id. */
  lexicalRank: number | null;
  semanticRank: number | null;
}

/** Fuses two best-first id lists; ties break by the better single rank, then by id, so output is deterministic. */
export function reciprocalRankFusion(lexical: readonly string[], semantic: readonly string[], k = RRF_K): FusedHit[] {
  const hits = new Map<string, FusedHit>();
  const add = (ids: readonly string[], key: 'lexicalRank' | 'semanticRank') => {
    ids.forEach((id, i) => {
      let hit = hits.get(id);
      if (!hit) {
        hit = { id, score: 0, lexicalRank: null, semanticRank: null };
        hits.set(id, hit);
      }
      if (hit[key] !== null) return; // a duplicate in one list counts once, at its best rank
      hit[key] = i + 1;
      hit.score += 1 / (k + i + 1);
    });
  };
  add(lexical, 'lexicalRank');
  add(semantic, 'semanticRank');
  const best = (h: FusedHit) => Math.min(h.lexicalRank ?? Infinity, h.semanticRank ?? Infinity);
  return [...hits.values()].sort((a, b) => b.score - a.score || best(a) - best(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
