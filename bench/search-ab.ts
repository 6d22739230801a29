/**
 * A/B of the BM25 search function: migration 0008's exhaustive `docsphere_bm25_search` (created
 * here as `docsphere_bm25_search_0008` from the migration's own text) against the current one, on
 * one kept database (created and loaded on first use), as the owner role with app.user_id set.
 * Every query runs on both sides, interleaved, at each limit; ids and scores must be identical.
 *
 *   AB_CHUNKS (100000), AB_DB (docsphere_ab_<chunks>), AB_ROUNDS (3), AB_LIMITS (10,100), AB_CLAIMS (40),
 *   AB_RELOAD=1 drops and reloads, AB_MIGRATE_ONLY=1 re-applies the migrations and exits,
 *   TEST_POSTGRES_ADMIN_URL as for the tests.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { loadConfig } from '../src/config.js';
import { lexicalQuery } from '../src/search/lexical-search.js';
import { TEXT_SEARCH_CONFIGS } from '../src/search/text-search-config.js';
import { bulkLoadPostgres } from './search-backends.js';
import { COMMON_WORDS, corpusPool, longClaims, syntheticDocuments } from './search-data.js';
import { ROOT } from './tools.js';

const CHUNKS = Number(process.env.AB_CHUNKS ?? 100_000);
const DB = process.env.AB_DB ?? `docsphere_ab_${CHUNKS}`;
const ROUNDS = Number(process.env.AB_ROUNDS ?? 3);
const LIMITS = (process.env.AB_LIMITS ?? '10,100').split(',').map(Number);
const BM25 = loadConfig({}).bm25;
const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (m: string) => console.error(m);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
};

async function main() {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${DB}`).length > 0;
  if (exists && process.env.AB_RELOAD) await admin.unsafe(`drop database ${DB} with (force)`);
  const url = new URL(adminUrl);
  url.pathname = `/${DB}`;
  const pool = await corpusPool();
  if (!exists || process.env.AB_RELOAD) {
    await admin.unsafe(`create database ${DB}`);
    const m = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await migrate(drizzle({ client: m }), { migrationsFolder: path.join(ROOT, 'drizzle') });
    await m.end();
  }
  await admin.end();
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  if (process.env.AB_MIGRATE_ONLY) {
    await migrate(drizzle({ client: sql }), { migrationsFolder: path.join(ROOT, 'drizzle') });
    await sql.end();
    return;
  }
  let [owner] = await sql<{ id: string }[]>`select id from users where email = 'ab@example.com'`;
  if (!owner) {
    const id = randomUUID();
    const t = performance.now();
    const n = await bulkLoadPostgres(
      sql,
      { docs: syntheticDocuments(pool, CHUNKS), email: 'ab@example.com', password: '', passwordHash: 'x', embeddingsUrl: '', log },
      id,
      log,
    );
    log(`loaded ${n} chunks in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    owner = { id };
  }
  // The exhaustive function of 0008, under its own name.
  const m0008 = await readFile(path.join(ROOT, 'drizzle/0008_bm25_ranking.sql'), 'utf8');
  const fn = m0008.split('--> statement-breakpoint').find((s) => s.includes('CREATE OR REPLACE FUNCTION docsphere_bm25_search('))!;
  await sql.unsafe(fn.replace('FUNCTION docsphere_bm25_search(', 'FUNCTION docsphere_bm25_search_0008('));

  const corpus = JSON.parse(await readFile(path.join(ROOT, 'tests/search-queries/corpus.json'), 'utf8')) as {
    queries: { query: string }[];
  };
  const classes: Record<string, string[]> = {
    questions: corpus.queries.map((q) => q.query),
    'common words': COMMON_WORDS,
    'long claims': longClaims(pool, Number(process.env.AB_CLAIMS ?? 40)),
    operators: ['"row permission"', 'Lorem ipsum -dolor', 'word OR processor'],
  };
  const configs = `array[${TEXT_SEARCH_CONFIGS.map((c) => `'${c}'`).join(', ')}]::regconfig[]`;
  const run = async (fnName: string, text: string, websearch: boolean, limit: number) =>
    sql.begin(async (tx) => {
      await tx`select set_config('app.user_id', ${owner!.id}, true)`;
      const t = performance.now();
      const rows = await tx.unsafe<{ id: string; score: number }[]>(
        `select id, score from ${fnName}(${configs}, $1, $2, null, $3, $4::float8, $5::float8, $6::float8)`,
        [text, websearch, limit, BM25.k1, BM25.b, BM25.headingWeight],
      );
      return { ms: performance.now() - t, rows: rows.map((r) => `${r.id} ${r.score}`) };
    });
  let compared = 0;
  let mismatches = 0;
  for (const limit of LIMITS) {
    for (const [name, qs] of Object.entries(classes)) {
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        for (const q of qs) {
          const lq = lexicalQuery(q);
          const first = r % 2 === 0;
          const x = first ? await run('docsphere_bm25_search_0008', lq.text, lq.websearch, limit) : undefined;
          const y = await run('docsphere_bm25_search', lq.text, lq.websearch, limit);
          const z = x ?? (await run('docsphere_bm25_search_0008', lq.text, lq.websearch, limit));
          a.push(z.ms);
          b.push(y.ms);
          if (r === 0) {
            compared++;
            if (z.rows.join('\n') !== y.rows.join('\n')) {
              mismatches++;
              log(`MISMATCH (limit ${limit}) ${q}\n  0008: ${z.rows.slice(0, 5).join(' | ')}\n  new:  ${y.rows.slice(0, 5).join(' | ')}`);
            }
          }
        }
      }
      console.log(
        `limit ${limit} ${name.padEnd(12)} n=${qs.length}  0008 p50 ${pct(a, 50).toFixed(1)} p95 ${pct(a, 95).toFixed(1)} ms | new p50 ${pct(b, 50).toFixed(1)} p95 ${pct(b, 95).toFixed(1)} ms`,
      );
    }
  }
  console.log(`${compared} query/limit pairs compared, ${mismatches} mismatches`);
  await sql.end();
  if (mismatches) process.exitCode = 1;
}

await main();
