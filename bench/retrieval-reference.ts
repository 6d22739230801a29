/**
 * The reference the retrieval bench compares Docsphere's LEXICAL search with: plain Okapi BM25
 * (the ranking Lucene, Elasticsearch and the BEIR baseline ship) from a well-known library,
 * `wink-bm25-text-search`, run in the bench's own process over the same documents in the same
 * run, so a difference in the figures is a difference in ranking, not in data.
 *
 * Lucene-like English analysis with `wink-nlp-utils`: lower-case, split on non-word characters,
 * drop Lucene's 33 English stop words (EnglishAnalyzer's set, the one BEIR's Elasticsearch
 * baseline used), Porter stemming (wink ships Porter2, i.e. Snowball English, where Lucene's
 * EnglishAnalyzer uses the original Porter; PostgreSQL's `english` config is Snowball too).
 * Title and body are separate fields (BM25F, like BEIR's multifield run), weights 1 and 1 by
 * default; k1 = 1.2, b = 0.75 (Lucene's defaults). wink's idf is log(1 + (N − n + 0.5)/(n + 0.5))
 * with k = 1, Lucene's form.
 */
import { createRequire } from 'node:module';
import type { CorpusDoc } from './retrieval-data.js';

/** Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET. */
const STOP =
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with';
export const LUCENE_STOP_WORDS = STOP.split(' ');

export interface ReferenceParams {
  k1: number;
  b: number;
  titleWeight: number;
  bodyWeight: number;
}

export const referenceParams = (): ReferenceParams => ({
  k1: Number(process.env.BENCH_REF_K1 ?? 1.2),
  b: Number(process.env.BENCH_REF_B ?? 0.75),
  titleWeight: Number(process.env.BENCH_REF_TITLE_WEIGHT ?? 1),
  bodyWeight: Number(process.env.BENCH_REF_BODY_WEIGHT ?? 1),
});

// The two packages are CommonJS without type declarations: typed here with what the bench uses.
type Task = (input: any) => any;
interface WordsFilter {
  exclude(token: string): boolean;
}
interface NlpUtils {
  string: { lowerCase: (s: string) => string; tokenize0: (s: string) => string[] };
  tokens: { removeWords: (tokens: string[], stopWords?: WordsFilter) => string[]; stem: (tokens: string[]) => string[] };
  helper: { returnWordsFilter: (words: string[]) => WordsFilter };
}
interface Bm25Engine {
  defineConfig(cfg: { fldWeights: Record<string, number>; bm25Params: { k1: number; b: number; k: number } }): boolean;
  definePrepTasks(tasks: Task[], field?: string): number;
  addDoc(doc: Record<string, string>, id: string): number;
  consolidate(fp?: number): boolean;
  /** [[id, score], …], best first. */
  search(text: string, limit?: number): [string, number][];
}

const require = createRequire(import.meta.url);
const nlp = require('wink-nlp-utils') as NlpUtils;
const bm25 = require('wink-bm25-text-search') as () => Bm25Engine;

const stopWords = nlp.helper.returnWordsFilter(LUCENE_STOP_WORDS);

/** The analysis chain, applied alike to title, body and query. */
export const ANALYSIS: Task[] = [
  nlp.string.lowerCase,
  nlp.string.tokenize0,
  (tokens: string[]) => nlp.tokens.removeWords(tokens, stopWords),
  nlp.tokens.stem,
];

export const analyse = (text: string): string[] => ANALYSIS.reduce<any>((v, task) => task(v), text) as string[];

export interface Reference {
  params: ReferenceParams;
  /** Corpus ids, best first, at most `limit`. */
  search(query: string, limit: number): string[];
}

/** Indexes `docs` (title and body fields) and returns the searcher. */
export function buildReference(docs: readonly CorpusDoc[], params = referenceParams()): Reference {
  const engine = bm25();
  engine.defineConfig({
    fldWeights: { title: params.titleWeight, body: params.bodyWeight },
    bm25Params: { k1: params.k1, b: params.b, k: 1 },
  });
  engine.definePrepTasks(ANALYSIS);
  for (const d of docs) engine.addDoc({ title: d.title, body: d.text }, d.id);
  // Nine decimals: wink rounds each term's weight to this precision (default 4, which ties more).
  engine.consolidate(9);
  return {
    params,
    search: (query, limit) => engine.search(query, limit).map(([id]) => id),
  };
}
