/**
 * `npm run bench:retrieval` (issue 13): how well LEXICAL search ranks, on a public IR test
 * collection with relevance judgements (BEIR NFCorpus, `../shared/ir/nfcorpus`), beside a plain
 * Okapi BM25 reference over the same documents in the same run. A latency bench cannot tell
 * whether the right passage reaches the top 10; this one can, with the measures the IR field
 * publishes (nDCG@10, Recall@100), so a ranking change is judged on numbers others can check.
 *
 * Ours is measured end to end as a user sees it: a real server process, every document uploaded
 * as its own file, queries through GraphQL. Writes `## Retrieval` in BENCHMARKS.md.
 *
 *   BENCH_SPLITS (default BENCH_SPLIT or `test`; e.g. `dev,test`), BENCH_LIMIT_DOCS (a smoke run on
 *   the first N documents: only queries with a relevant document among them are scored, and
 *   BENCHMARKS.md is left alone unless BENCH_WRITE=1), BENCH_KEEP_DATA (keep the server's
 *   DATA_DIR), BENCH_REF_K1 / _B / _TITLE_WEIGHT / _BODY_WEIGHT (the reference's parameters),
 *   BENCH_UPLOAD_BATCH (20), BENCH_UPLOAD_CONCURRENCY (4), BENCH_RUN_DIR (write TREC run files of
 *   both systems there, per split).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LeanGraphQLClient } from './http-client.js';
import {
  distinctRanking,
  idFromFileName,
  loadCorpus,
  loadQrels,
  loadQueries,
  queriesWithin,
  scoreRun,
  splitQueries,
  trecRun,
  type Qrels,
  type Query,
} from './retrieval-data.js';
import { ingest, startServer, type Ingested, type Server } from './retrieval-ingest.js';
import { buildReference, type Reference } from './retrieval-reference.js';
import { ratio, report, serverProblems, type SplitResult } from './retrieval-report.js';
import { fmt, writeSection } from './tools.js';

const SPLITS = (process.env.BENCH_SPLITS ?? process.env.BENCH_SPLIT ?? 'test')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const LIMIT_DOCS = process.env.BENCH_LIMIT_DOCS ? Number(process.env.BENCH_LIMIT_DOCS) : undefined;
const WRITE = LIMIT_DOCS === undefined || process.env.BENCH_WRITE === '1';
const DEPTH = 100;
/** Where to write TREC run files of both systems, per split, for query-by-query comparison (optional). */
const RUN_DIR = process.env.BENCH_RUN_DIR ? path.resolve(process.env.BENCH_RUN_DIR) : undefined;

/** What the issue asks for; nothing beyond what maps a hit back to its corpus document. */
const SEARCH = /* GraphQL */ `
  query Retrieval($query: String!, $first: Int) {
    search(query: $query, first: $first, mode: LEXICAL) {
      score
      document {
        id
        filename
      }
      chunk {
        id
      }
    }
  }
`;

interface Hit {
  score: number;
  document: { id: string; filename: string };
  chunk: { id: string };
}

const log = (m: string) => console.error(`[retrieval] ${m}`);

async function runSplit(
  split: string,
  qs: Query[],
  qrels: Qrels,
  server: Server,
  ingested: Ingested,
  ref: Reference,
  latencies: number[],
): Promise<SplitResult> {
  const client = new LeanGraphQLClient(server.graphqlUrl);
  const ours = new Map<string, string[]>();
  const reference = new Map<string, string[]>();
  const errors: string[] = [];
  for (const [i, q] of qs.entries()) {
    client.token = await server.token();
    const t = performance.now();
    const res = await client.request<{ search: Hit[] }>(SEARCH, { query: q.text, first: DEPTH });
    latencies.push(performance.now() - t);
    if (res.errors) errors.push(`${q.id} ${JSON.stringify(q.text)}: ${res.errors.map((e) => e.extensions?.code ?? e.message).join(', ')}`);
    // A hit stands for every corpus id the server folded into its document (identical uploads).
    const hits = res.data?.search ?? [];
    ours.set(q.id, distinctRanking(hits.flatMap((h) => ingested.corpusIds.get(h.document.id) ?? [idFromFileName(h.document.filename)])));
    reference.set(q.id, ref.search(q.text, DEPTH));
    if ((i + 1) % 100 === 0) log(`${split}: ${i + 1}/${qs.length} queries`);
  }
  client.close();
  if (RUN_DIR) {
    await mkdir(RUN_DIR, { recursive: true });
    await writeFile(path.join(RUN_DIR, `${split}.docsphere.run`), trecRun(ours, 'docsphere-lexical'));
    await writeFile(path.join(RUN_DIR, `${split}.reference.run`), trecRun(reference, 'wink-bm25'));
  }
  const empty = (m: Map<string, string[]>) => qs.filter((q) => !m.get(q.id)?.length).length;
  return {
    split,
    queries: qs.length,
    ours: scoreRun(qs, qrels, ours),
    reference: scoreRun(qs, qrels, reference),
    oursEmpty: empty(ours),
    referenceEmpty: empty(reference),
    errors,
  };
}

async function main() {
  const wallStart = performance.now();
  const corpus = await loadCorpus();
  const docs = LIMIT_DOCS === undefined ? corpus : corpus.slice(0, LIMIT_DOCS);
  const texts = await loadQueries();
  const docIds = new Set(docs.map((d) => d.id));
  const splits = await Promise.all(
    SPLITS.map(async (split) => {
      const qrels = await loadQrels(split);
      const all = splitQueries(qrels, texts);
      return { split, qrels, queries: LIMIT_DOCS === undefined ? all : queriesWithin(all, qrels, docIds) };
    }),
  );
  let t = performance.now();
  const ref = buildReference(docs);
  const refSeconds = (performance.now() - t) / 1000;
  log(`reference BM25 indexed ${docs.length} documents in ${refSeconds.toFixed(1)} s`);
  const server = await startServer(log);
  try {
    const ing = await ingest(server, docs, log);
    log(
      `ingested ${docs.length} documents in ${ing.totalSeconds.toFixed(0)} s (${(docs.length / ing.totalSeconds).toFixed(1)} docs/s); ${ing.failedProcessing.length} failed`,
    );
    const latencies: number[] = [];
    const results: SplitResult[] = [];
    for (const s of splits) {
      t = performance.now();
      const r = await runSplit(s.split, s.queries, s.qrels, server, ing, ref, latencies);
      results.push(r);
      log(
        `${r.split} (${r.queries} queries, ${((performance.now() - t) / 1000).toFixed(0)} s): nDCG@10 ours ${fmt(r.ours.ndcg10)} / reference ${fmt(r.reference.ndcg10)} (${ratio(r.ours.ndcg10, r.reference.ndcg10)}), Recall@100 ours ${fmt(r.ours.recall100)} / reference ${fmt(r.reference.recall100)} (${ratio(r.ours.recall100, r.reference.recall100)})`,
      );
    }
    const problems = serverProblems(server.lines);
    const body = report({
      results,
      ingested: ing,
      docs: docs.length,
      limitDocs: LIMIT_DOCS,
      depth: DEPTH,
      reference: ref.params,
      refSeconds,
      latencies,
      problems,
      wallMs: performance.now() - wallStart,
    });
    console.log(body);
    if (WRITE) {
      await writeSection('Retrieval', body);
      log('wrote ## Retrieval in BENCHMARKS.md');
    } else log('smoke run (BENCH_LIMIT_DOCS): BENCHMARKS.md left alone (BENCH_WRITE=1 writes it)');
  } finally {
    await server.stop();
  }
}

await main();
