/**
 * The BEIR collection the retrieval bench measures on, and how it is scored. Kept apart from the
 * bench's server plumbing so the scoring can be read (and checked against the collection's
 * README, `../shared/ir/README.md`) on its own: nDCG@10 with linear gain over the judged grades,
 * Recall@100 over the documents with grade > 0, each document counted once at its best rank,
 * averaged over exactly the queries that appear in the split's qrels (no results → 0).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './tools.js';

/** The collection folder, resolved against the repository as the issue asks (`../shared/ir/nfcorpus`). */
export const COLLECTION = path.resolve(ROOT, process.env.BENCH_COLLECTION ?? '../shared/ir/nfcorpus');

export interface CorpusDoc {
  id: string;
  title: string;
  text: string;
}

export interface Query {
  id: string;
  text: string;
}

/** query id → corpus id → grade (every judged pair, including grade 0 where a collection has them). */
export type Qrels = Map<string, Map<string, number>>;

const jsonLines = async <T>(file: string): Promise<T[]> =>
  (await readFile(path.join(COLLECTION, file), 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

/** Title and text only: `metadata` (the source URL) is not document content. */
export async function loadCorpus(): Promise<CorpusDoc[]> {
  const rows = await jsonLines<{ _id: string; title?: string; text?: string }>('corpus.jsonl');
  return rows.map((r) => ({ id: String(r._id), title: r.title ?? '', text: r.text ?? '' }));
}

export async function loadQueries(): Promise<Map<string, string>> {
  const rows = await jsonLines<{ _id: string; text: string }>('queries.jsonl');
  return new Map(rows.map((r) => [String(r._id), r.text]));
}

/** `qrels/<split>.tsv`: a header line, then `query-id TAB corpus-id TAB grade`; CRLF tolerated. */
export async function loadQrels(split: string): Promise<Qrels> {
  const text = await readFile(path.join(COLLECTION, 'qrels', `${split}.tsv`), 'utf8');
  const qrels: Qrels = new Map();
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    if (i === 0 || !line.trim()) continue;
    const [q, d, g] = line.split('\t');
    if (!q || !d || g === undefined) throw new Error(`qrels/${split}.tsv line ${i + 1}: ${JSON.stringify(line)}`);
    let judged = qrels.get(q);
    if (!judged) qrels.set(q, (judged = new Map()));
    judged.set(d, Number(g));
  }
  return qrels;
}

/** The split's queries (exactly those in its qrels), in qrels order, with their text. */
export function splitQueries(qrels: Qrels, texts: Map<string, string>): Query[] {
  return [...qrels.keys()].map((id) => {
    const text = texts.get(id);
    if (text === undefined) throw new Error(`query ${id} is judged but not in queries.jsonl`);
    return { id, text };
  });
}

/**
 * The file a corpus document is uploaded as: `<_id>.md`, so a hit maps back by filename.
 * The title becomes the Markdown heading (which the chunker keeps as the chunk's heading path).
 */
export const fileName = (d: CorpusDoc) => `${d.id}.md`;
export const markdown = (d: CorpusDoc) => `# ${d.title}\n\n${d.text}\n`;
export const idFromFileName = (name: string) => name.replace(/\.md$/, '');

/** Distinct ids in order of first (best) appearance: chunks of one document keep its best rank. */
export function distinctRanking(ids: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

export interface Scores {
  ndcg10: number;
  recall100: number;
}

/** nDCG@10 (linear gain, log2(i + 1) discount) and Recall@100 for one query's ranked ids. */
export function scoreQuery(ranking: readonly string[], judged: Map<string, number>): Scores {
  const dcg = ranking.slice(0, 10).reduce((s, id, i) => s + (judged.get(id) ?? 0) / Math.log2(i + 2), 0);
  const ideal = [...judged.values()]
    .sort((a, b) => b - a)
    .slice(0, 10)
    .reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  const relevant = [...judged].filter(([, g]) => g > 0).map(([id]) => id);
  const top = new Set(ranking.slice(0, 100));
  return {
    ndcg10: ideal > 0 ? dcg / ideal : 0,
    recall100: relevant.length ? relevant.filter((id) => top.has(id)).length / relevant.length : 0,
  };
}

/** Means over every query of the split; a query missing from `rankings` scores 0. */
export function scoreRun(queries: readonly Query[], qrels: Qrels, rankings: Map<string, string[]>): Scores {
  let ndcg = 0;
  let recall = 0;
  for (const q of queries) {
    const s = scoreQuery(rankings.get(q.id) ?? [], qrels.get(q.id) ?? new Map());
    ndcg += s.ndcg10;
    recall += s.recall100;
  }
  const n = queries.length || Number.NaN;
  return { ndcg10: ndcg / n, recall100: recall / n };
}

/** With BENCH_LIMIT_DOCS: only queries with a relevant document among the ingested ones can score. */
export function queriesWithin(queries: readonly Query[], qrels: Qrels, docIds: ReadonlySet<string>): Query[] {
  return queries.filter((q) => [...(qrels.get(q.id) ?? new Map<string, number>())].some(([id, g]) => g > 0 && docIds.has(id)));
}

/**
 * A TREC run file (`qid Q0 docid rank score tag`), so a run can be checked with `trec_eval` or
 * compared query by query; the score is rank-derived (best = the depth), since ours are per chunk.
 */
export function trecRun(rankings: Map<string, string[]>, tag: string): string {
  const lines: string[] = [];
  for (const [q, ids] of rankings) ids.forEach((id, i) => lines.push(`${q} Q0 ${id} ${i + 1} ${ids.length - i} ${tag}`));
  return lines.join('\n') + '\n';
}

/** Nearest-rank percentile, as bench/search.ts reports latencies. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
}
