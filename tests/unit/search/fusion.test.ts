import { describe, expect, it } from 'vitest';
import { appendNew, relaxedQueries, withRelaxation, type LexicalQuery } from '../../../src/search/lexical-search.js';
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
  it('steps a plain query down to all words but one, all but two, then any word, and leaves operator queries alone', () => {
    expect(relaxedQueries('prevent payroll fraud')).toEqual(['prevent payroll or prevent fraud or payroll fraud', 'prevent or payroll or fraud']);
    expect(relaxedQueries('separation of duties prevents fraud')).toEqual([
      'separation of duties prevents or separation of duties fraud or separation of prevents fraud or separation duties prevents fraud or of duties prevents fraud',
      'separation of duties or separation of prevents or separation of fraud or separation duties prevents or separation duties fraud or separation prevents fraud or of duties prevents or of duties fraud or of prevents fraud or duties prevents fraud',
      'separation or of or duties or prevents or fraud',
    ]);
    expect(relaxedQueries('typewriter')).toEqual([]);
    expect(relaxedQueries('word processor')).toEqual(['word or processor']);
    expect(relaxedQueries('"row permission" mask')).toEqual([]);
    expect(relaxedQueries('duck -goose')).toEqual([]);
    expect(relaxedQueries('duck OR goose')).toEqual([]);
    expect(relaxedQueries('Häuser am Fluss')).toEqual(['Häuser am or Häuser Fluss or am Fluss', 'Häuser or am or Fluss']);
    // Eleven words: all-but-two would take 55 AND-groups, so that tier is left out.
    const eleven = relaxedQueries('a b c d e f g h i j k');
    expect(eleven).toHaveLength(2);
    expect(eleven[0]!.split(' or ')).toHaveLength(11);
    expect(eleven[1]).toBe('a or b or c or d or e or f or g or h or i or j or k');
  });

  it('runs the tiers only while the page is short, each after the tighter ones', async () => {
    const hits: Record<string, string[]> = {
      'prevent payroll fraud': ['a'],
      'prevent payroll or prevent fraud or payroll fraud': ['b', 'a'],
      'prevent or payroll or fraud': ['c', 'd', 'b'],
    };
    const asked: LexicalQuery[] = [];
    const run = async (q: LexicalQuery) => {
      asked.push(q);
      return (hits[q.match] ?? []).map((id) => ({ id }));
    };
    expect((await withRelaxation('prevent payroll fraud', 3, run)).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    // Tiers match with their AND-groups and rank by the words OR-ed; the strict query ranks by itself.
    expect(asked).toEqual([
      { match: 'prevent payroll fraud', rank: 'prevent payroll fraud' },
      { match: 'prevent payroll or prevent fraud or payroll fraud', rank: 'prevent or payroll or fraud' },
      { match: 'prevent or payroll or fraud', rank: 'prevent or payroll or fraud' },
    ]);
    asked.length = 0;
    expect((await withRelaxation('prevent payroll fraud', 2, run)).map((r) => r.id)).toEqual(['a', 'b']);
    expect(asked).toHaveLength(2); // the any-word tier never ran
    asked.length = 0;
    expect((await withRelaxation('prevent payroll fraud', 1, run)).map((r) => r.id)).toEqual(['a']);
    expect(asked).toHaveLength(1);
  });

  it('appends relaxed hits after the strict ones without repeating any', () => {
    const ids = (xs: string[]) => xs.map((id) => ({ id }));
    expect(appendNew(ids(['a', 'b']), ids(['b', 'c', 'd']), 3).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});
