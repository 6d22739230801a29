import { describe, expect, it } from 'vitest';
import { appendNew, relaxedQuery } from '../../../src/search/lexical-search.js';
import { reciprocalRankFusion, RRF_K } from '../../../src/search/rrf.js';

describe('reciprocal rank fusion', () => {
  it('scores each id by the sum of 1/(k + rank) over the lists it appears in', () => {
    const fused = reciprocalRankFusion(['a', 'b', 'c'], ['c', 'd']);
    const byId = Object.fromEntries(fused.map((h) => [h.id, h]));
    expect(RRF_K).toBe(60);
    expect(byId.a).toEqual({ id: 'a', score: 1 / 61, lexicalRank: 1, semanticRank: null });
    expect(byId.c!.score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(byId.c).toMatchObject({ lexicalRank: 3, semanticRank: 1 });
    expect(byId.d).toMatchObject({ lexicalRank: null, semanticRank: 2 });
  });

  it('puts agreement between the lists above a single first place', () => {
    // c is 3rd and 1st; a is 1st in one list only: 1/63 + 1/61 > 1/61. b and d tie (1/62): by id.
    expect(reciprocalRankFusion(['a', 'b', 'c'], ['c', 'd']).map((h) => h.id)).toEqual(['c', 'a', 'b', 'd']);
  });

  it('breaks ties by the better single rank, then by id, so the order is deterministic', () => {
    // x and y both score 1/61 + 1/62; z and w both 1/63.
    expect(reciprocalRankFusion(['x', 'y', 'z'], ['y', 'x', 'w']).map((h) => h.id)).toEqual(['x', 'y', 'w', 'z']);
  });

  it('counts an id once per list, at its best rank', () => {
    const [hit] = reciprocalRankFusion(['a', 'a'], []);
    expect(hit).toEqual({ id: 'a', score: 1 / 61, lexicalRank: 1, semanticRank: null });
  });

  it('handles empty lists and a custom k', () => {
    expect(reciprocalRankFusion([], [])).toEqual([]);
    expect(reciprocalRankFusion(['a'], [], 0)[0]!.score).toBe(1);
  });
});

describe('relaxing a plain full-text query', () => {
  it('turns the words of a plain query into any-of, and leaves operator queries alone', () => {
    expect(relaxedQuery('separation of duties to prevent fraud')).toBe('separation or of or duties or to or prevent or fraud');
    expect(relaxedQuery('typewriter')).toBeNull();
    expect(relaxedQuery('"row permission" mask')).toBeNull();
    expect(relaxedQuery('duck -goose')).toBeNull();
    expect(relaxedQuery('duck OR goose')).toBeNull();
    expect(relaxedQuery('Häuser am Fluss')).toBe('Häuser or am or Fluss');
  });

  it('appends relaxed hits after the strict ones without repeating any', () => {
    const ids = (xs: string[]) => xs.map((id) => ({ id }));
    expect(appendNew(ids(['a', 'b']), ids(['b', 'c', 'd']), 3).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});
