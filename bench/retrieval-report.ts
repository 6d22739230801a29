/**
 * The retrieval bench's `## Retrieval` section of BENCHMARKS.md, and a summary of what the server
 * complained about meanwhile. Separate from the runner so the wording of the record (what was
 * measured, with which settings, against what) can be read and changed without the plumbing.
 */
import path from 'node:path';
import { COLLECTION, percentile, type Scores } from './retrieval-data.js';
import { BATCH, CONCURRENCY, type Ingested } from './retrieval-ingest.js';
import type { ReferenceParams } from './retrieval-reference.js';
import { fmt, machine, mean, ROOT, table, today } from './tools.js';

export interface SplitResult {
  split: string;
  queries: number;
  ours: Scores;
  reference: Scores;
  oursEmpty: number;
  referenceEmpty: number;
  errors: string[];
}

/** Published BEIR BM25 (Elasticsearch, multifield) on NFCorpus test: context, not computed here. */
export const PUBLISHED = { split: 'test', ndcg10: 0.325, recall100: 0.25 };

export const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');

export interface ReportInput {
  results: SplitResult[];
  ingested: Ingested;
  docs: number;
  limitDocs: number | undefined;
  depth: number;
  reference: ReferenceParams;
  refSeconds: number;
  latencies: number[];
  problems: string[];
  wallMs: number;
}

export function report(r: ReportInput): string {
  const ing = r.ingested;
  const smoke = r.limitDocs !== undefined;
  const rows = r.results.flatMap((s) => [
    [s.split, s.queries, 'Docsphere LEXICAL (GraphQL)', fmt(s.ours.ndcg10), fmt(s.ours.recall100), s.oursEmpty],
    [s.split, s.queries, 'reference BM25 (wink-bm25-text-search)', fmt(s.reference.ndcg10), fmt(s.reference.recall100), s.referenceEmpty],
    [
      s.split,
      s.queries,
      '**ours ÷ reference**',
      ratio(s.ours.ndcg10, s.reference.ndcg10),
      ratio(s.ours.recall100, s.reference.recall100),
      '',
    ],
    ...(s.split === PUBLISHED.split && !smoke
      ? [[s.split, s.queries, 'published BEIR BM25 (Elasticsearch; context only)', fmt(PUBLISHED.ndcg10), fmt(PUBLISHED.recall100), '']]
      : []),
  ]);
  const p = r.reference;
  const errors = r.results.flatMap((s) => s.errors);
  const lat = r.latencies;
  return [
    `Run ${today()} on ${machine()}. \`npm run bench:retrieval\` (bench/retrieval.ts); wall time ${(r.wallMs / 60_000).toFixed(1)} min.`,
    '',
    `- Collection: BEIR NFCorpus (\`${path.relative(ROOT, COLLECTION)}\`), ${r.docs} documents` +
      (smoke
        ? ` (**BENCH_LIMIT_DOCS=${r.limitDocs}, a smoke run: only queries with a relevant document among these are scored; not comparable with a full run**)`
        : '') +
      `; ${r.results.map((s) => `${s.split}: ${s.queries} queries`).join(', ')}. nDCG@10 (linear gain) and Recall@100 as \`../shared/ir/README.md\` defines them: each document at its best-ranked chunk, averaged over the split's queries, no result → 0.`,
    `- Ours: a fresh embedded server process (PGlite; default settings except RATE_UPLOADS_PER_MIN, raised as an operator loading a collection would), every document uploaded as its own \`<_id>.md\` (\`# title\\n\\ntext\`) through \`POST /api/documents/upload\` (${BATCH} files a request, ${CONCURRENCY} requests in flight), then \`search(query, first: ${r.depth}, mode: LEXICAL)\` through GraphQL with the query text as is.`,
    `- Reference: \`wink-bm25-text-search\` over the same documents, in the bench process: fields title (weight ${p.titleWeight}) and body (weight ${p.bodyWeight}), k1 = ${p.k1}, b = ${p.b}, Lucene-like analysis with \`wink-nlp-utils\` (lower-case, split on non-word characters, Lucene's 33 English stop words, Porter2 stemming); top ${r.depth}, same query text. Indexed in ${r.refSeconds.toFixed(1)} s.`,
    `- The server stores identical bytes once: ${ing.duplicates} corpus documents repeat another's title and text exactly, so their upload answered with the earlier document (\`duplicate: true\`). A hit on such a document counts for each corpus id it stands for, at consecutive ranks, as the reference ranks such twins side by side.`,
    '',
    table(['split', 'queries', 'system', 'nDCG@10', 'Recall@100', 'queries with no result'], rows),
    '',
    `Ingest: ${r.docs} uploads sent in ${ing.uploadSeconds.toFixed(0)} s, all processed after ${ing.totalSeconds.toFixed(0)} s: **${(r.docs / ing.totalSeconds).toFixed(1)} docs/s** from first upload to the last INDEXED; ${ing.indexed} documents INDEXED, ${ing.failedProcessing.length} FAILED${ing.failedProcessing.length ? ` (${summarise(ing.failedProcessing.map((f) => f.code))})` : ''}, ${ing.failedUploads.length} uploads refused${ing.failedUploads.length ? ` (${summarise(ing.failedUploads.map((f) => f.code))})` : ''}${ing.peakRssMb ? `; server peak RSS ${ing.peakRssMb.toFixed(0)} MiB` : ''}.`,
    '',
    `Query latency through GraphQL (informational; \`bench:search\` is the latency bench): one kept-alive connection, one query at a time, no warm-up, first: ${r.depth}, ${lat.length} queries: p50 **${percentile(lat, 50).toFixed(1)} ms**, p95 **${percentile(lat, 95).toFixed(1)} ms**, mean ${mean(lat).toFixed(1)} ms.`,
    ...(errors.length
      ? [
          '',
          `Queries that failed (${errors.length}, scored 0): ${errors
            .slice(0, 10)
            .map((e) => `\`${e}\``)
            .join('; ')}${errors.length > 10 ? '; …' : ''}`,
        ]
      : []),
    ...(r.problems.length ? ['', `Server warnings and errors during the run (count × message): ${r.problems.join('; ')}.`] : []),
  ].join('\n');
}

/** "3 × A, 1 × B", most frequent first. */
function summarise(codes: string[]): string {
  const counts = new Map<string, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${n} × ${c}`)
    .join(', ');
}

/**
 * pino lines at warn (40) or above, grouped by message (and error code where there is one), so a
 * problem under load (a stalled job, a retried stage, a lock timeout) shows up in the record.
 */
export function serverProblems(lines: readonly string[], max = 8): string[] {
  const keys: string[] = [];
  for (const line of lines) {
    let entry: { level?: number; msg?: string; err?: { code?: string; message?: string }; code?: string };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      if (/error|warn/i.test(line)) keys.push(`\`${line.slice(0, 120)}\``);
      continue;
    }
    if ((entry.level ?? 0) < 40) continue;
    const detail = entry.err?.code ?? entry.code ?? entry.err?.message?.slice(0, 80);
    keys.push(`${entry.level! >= 50 ? 'error' : 'warn'} \`${(entry.msg ?? '').slice(0, 100)}\`${detail ? ` (${detail})` : ''}`);
  }
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([k, n]) => `${n} × ${k}`);
}
