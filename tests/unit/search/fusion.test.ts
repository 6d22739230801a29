import { describe, expect, it } from 'vitest';
import { lexicalQuery } from '../../../src/search/lexical-search.js';
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

describe('reading a query', () => {
  it('takes natural language as words: a lowercase or and a spaced dash are not operators', () => {
    expect(lexicalQuery('varenicline or bupropion')).toEqual({ text: 'varenicline or bupropion', websearch: false });
    expect(lexicalQuery('G - quadruplex')).toEqual({ text: 'G - quadruplex', websearch: false });
    expect(lexicalQuery('G-quadruplex')).toEqual({ text: 'G quadruplex', websearch: false });
    expect(lexicalQuery('self-driving cars')).toEqual({ text: 'self driving cars', websearch: false });
    expect(lexicalQuery('Häuser am Fluss')).toEqual({ text: 'Häuser am Fluss', websearch: false });
  });

  it('honours operators written explicitly, and drops the accidental ones beside them', () => {
    expect(lexicalQuery('"word processor" -typewriter')).toEqual({ text: '"word processor" -typewriter', websearch: true });
    expect(lexicalQuery('duck OR "wild goose"')).toEqual({ text: 'duck OR "wild goose"', websearch: true });
    expect(lexicalQuery('duck goose OR swan')).toEqual({ text: 'duck goose OR swan', websearch: true });
    expect(lexicalQuery('-goose duck')).toEqual({ text: '-goose duck', websearch: true });
    expect(lexicalQuery('"row permission" or mask - filter')).toEqual({ text: '"row permission" mask filter', websearch: true });
  });

  it('passes WEBSEARCH through untouched', () => {
    expect(lexicalQuery('cats -dogs', 'WEBSEARCH')).toEqual({ text: 'cats -dogs', websearch: true });
    expect(lexicalQuery('cats dogs', 'WEBSEARCH')).toEqual({ text: 'cats dogs', websearch: true });
  });

  it('reads single words joined only by OR as the natural-language query they equal (any word)', () => {
    expect(lexicalQuery('duck OR goose')).toEqual({ text: 'duck goose', websearch: false });
    expect(lexicalQuery('duck OR goose OR swan')).toEqual({ text: 'duck goose swan', websearch: false });
    expect(lexicalQuery('cats or dogs', 'WEBSEARCH')).toEqual({ text: 'cats dogs', websearch: false });
    expect(lexicalQuery('cats OR -dogs', 'WEBSEARCH')).toEqual({ text: 'cats OR -dogs', websearch: true });
  });
});

describe('words joined by a slash or a hyphen', () => {
  it('are read as separate words, as the database indexes them', () => {
    expect(lexicalQuery('osteomalacia/rickets')).toEqual({ text: 'osteomalacia rickets', websearch: false });
    expect(lexicalQuery('1/2 dose -placebo')).toEqual({ text: '1 2 dose -placebo', websearch: true });
    expect(lexicalQuery('a / b')).toEqual({ text: 'a / b', websearch: false });
  });
});
