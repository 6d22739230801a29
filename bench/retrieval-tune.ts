/**
 * `npx tsx bench/retrieval-tune.ts <DATA_DIR>`: tunes BM25F's k1, b and heading weight on the
 * NFCorpus dev split by coordinate search, over the data a kept `bench:retrieval` run left
 * (BENCH_KEEP_DATA=1), calling the server's own ranking function with each setting: the
 * parameters are arguments of docsphere_bm25_search, so no re-ingest is needed. Prints dev (and,
 * for the chosen setting only, test) nDCG@10 and Recall@100. Test is never used to choose.
 */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { lexicalQuery } from '../src/search/lexical-search.js';
import { TEXT_SEARCH_CONFIGS } from '../src/search/text-search-config.js';
import { distinctRanking, idFromFileName, loadQrels, loadQueries, scoreRun, splitQueries, type Query } from './retrieval-data.js';

interface Params {
  k1: number;
  b: number;
  w: number;
}

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: retrieval-tune.ts <DATA_DIR of a kept bench:retrieval run>');
const db = await PGlite.create(path.join(dataDir, 'pglite'), { extensions: { vector } });
const [user] = (await db.query<{ id: string }>('select id from users limit 1')).rows;
const configs = `array[${TEXT_SEARCH_CONFIGS.map((c) => `'${c}'`).join(', ')}]::regconfig[]`;
const texts = await loadQueries();

async function run(queries: Query[], p: Params): Promise<Map<string, string[]>> {
  const rankings = new Map<string, string[]>();
  for (const q of queries) {
    const lq = lexicalQuery(q.text);
    const rows = await db.transaction(async (tx) => {
      await tx.query(`select set_config('app.user_id', $1, true)`, [user!.id]);
      return (
        await tx.query<{ filename: string }>(
          `select d.filename from docsphere_bm25_search(${configs}, $1, $2, null, 100, $3, $4, $5) m
           join chunks c on c.id = m.id join documents d on d.id = c.document_id order by m.score desc, m.id`,
          [lq.text, lq.websearch, p.k1, p.b, p.w],
        )
      ).rows;
    });
    rankings.set(q.id, distinctRanking(rows.map((r) => idFromFileName(r.filename))));
  }
  return rankings;
}

async function evaluate(split: string, p: Params) {
  const qrels = await loadQrels(split);
  const queries = splitQueries(qrels, texts);
  return scoreRun(queries, qrels, await run(queries, p));
}

const grid: Record<keyof Params, number[]> = { w: [1, 2, 3, 4, 6], k1: [0.6, 0.9, 1.2, 1.5, 2.0], b: [0.3, 0.5, 0.65, 0.75, 0.9] };
let best: Params = process.env.TUNE_START ? (JSON.parse(process.env.TUNE_START) as Params) : { k1: 1.2, b: 0.75, w: 2 };
let bestScore = (await evaluate('dev', best)).ndcg10;
console.log('start', best, bestScore.toFixed(4));
for (const key of process.env.TUNE_START_ONLY ? [] : (['w', 'k1', 'b', 'w'] as const)) {
  for (const v of grid[key]) {
    const p = { ...best, [key]: v };
    const s = await evaluate('dev', p);
    console.log(JSON.stringify(p), 'dev nDCG@10', s.ndcg10.toFixed(4), 'R@100', s.recall100.toFixed(4));
    if (s.ndcg10 > bestScore + 1e-4) [best, bestScore] = [p, s.ndcg10];
  }
}
const test = await evaluate('test', best);
console.log(
  'chosen on dev',
  best,
  'dev',
  bestScore.toFixed(4),
  '→ test nDCG@10',
  test.ndcg10.toFixed(4),
  'R@100',
  test.recall100.toFixed(4),
);
await db.close();
