/**
 * `npm run bench:search`: latency of LEXICAL and HYBRID search through GraphQL (a real server
 * process over HTTP) against the same SQL sent directly, on PostgreSQL (services mode) and on
 * PGlite (embedded), over ~100k realistic chunks inserted directly. Writes `## Search` in
 * BENCHMARKS.md. Targets: GraphQL p95 ≤ 1.15 × raw SQL p95; lexical p95 < 50 ms on PostgreSQL.
 *
 *   BENCH_PG_CHUNKS (100000), BENCH_PGLITE_CHUNKS (10000), BENCH_ROUNDS (20), BENCH_WARMUP_S (20),
 *   TEST_POSTGRES_ADMIN_URL, TEST_REDIS_URL as for the tests.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import { startFakeEmbeddings } from '../tests/integration/search-embeddings-server.js';
import { LOG_IN } from '../client/src/operations.js';
import { machine, ROOT, table, today, writeSection } from './tools.js';
import { LeanGraphQLClient } from './http-client.js';
import { corpusPool, syntheticDocuments } from './search-data.js';
import { pgliteBackend, postgresBackend, type Backend } from './search-backends.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
/**
 * Seconds each side runs the query list before anything is recorded. A server process reaches
 * steady state only after V8 has optimised its hot paths: the API's CPU per search fell from
 * 3.9 to 2.1 ms over its first ~2000 requests here, while one pass over the list (the earlier
 * warm-up) is 36. Both sides get the same warm-up; the numbers are steady-state latencies.
 */
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 20);

/** Runs `once` over the queries, round after round, for `seconds`. */
async function warmUp(qs: string[], seconds: number, once: (q: string) => Promise<unknown>) {
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) for (const q of qs) await once(q);
}
const PG_CHUNKS = Number(process.env.BENCH_PG_CHUNKS ?? 100_000);
const PGLITE_CHUNKS = Number(process.env.BENCH_PGLITE_CHUNKS ?? 10_000);
const FIRST = 10;
const EMAIL = 'bench@example.com';
const PASSWORD = 'correct horse battery staple';

/** What a client asks for to show a result list with citations. */
const QUERY = /* GraphQL */ `
  query Bench($query: String!, $first: Int, $mode: SearchMode) {
    search(query: $query, first: $first, mode: $mode) {
      score lexicalRank semanticRank snippet
      chunk { id headings pageStart pageEnd charStart charEnd }
    }
  }`;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
};

/** Short, common terms: they match thousands of chunks, the worst case for ranking. */
const SHORT_TERMS = ['data', 'security', 'duck', 'table', 'word processor', '"row permission"', 'Lorem ipsum -dolor'];

async function queries(): Promise<string[]> {
  const set = JSON.parse(await readFile(path.join(ROOT, 'tests/search-queries/corpus.json'), 'utf8')) as { queries: { query: string }[] };
  return [...set.queries.map((q) => q.query), ...SHORT_TERMS];
}

interface Row {
  backend: string;
  chunks: number;
  mode: string;
  gql: number[];
  raw: number[];
  /** The same latencies split by query class: labelled questions, short terms. */
  byClass: Record<'gql' | 'raw', Record<'questions' | 'terms', number[]>>;
  results: number;
}

function record(row: Row, side: 'gql' | 'raw', query: string, ms: number) {
  row[side].push(ms);
  row.byClass[side][SHORT_TERMS.includes(query) ? 'terms' : 'questions'].push(ms);
}

/** "GraphQL / raw (ratio)" at p95 for one query class. */
const classP95 = (r: Row, c: 'questions' | 'terms') =>
  `${pct(r.byClass.gql[c], 95).toFixed(1)} / ${pct(r.byClass.raw[c], 95).toFixed(1)} (${(pct(r.byClass.gql[c], 95) / pct(r.byClass.raw[c], 95)).toFixed(2)}×)`;

async function measure(b: Backend, qs: string[], modes: ('LEXICAL' | 'HYBRID')[]): Promise<Row[]> {
  const client = new LeanGraphQLClient(b.graphqlUrl());
  const login = await client.request(LOG_IN, { email: EMAIL, password: PASSWORD });
  if (login.errors) throw new Error(`log in failed: ${JSON.stringify(login.errors)}`);
  client.token = login.data!.logIn.token;
  const rows: Row[] = [];
  for (const mode of modes) {
    const row: Row = { backend: b.name, chunks: b.chunks, mode, gql: [], raw: [], byClass: { gql: { questions: [], terms: [] }, raw: { questions: [], terms: [] } }, results: 0 };
    const gqlOnce = async (q: string) => {
      const t = performance.now();
      const res = await client.request(QUERY, { query: q, first: FIRST, mode });
      const ms = performance.now() - t;
      if (res.errors) throw new Error(`${mode} ${q}: ${JSON.stringify(res.errors)}`);
      return { ms, n: (res.data!.search as unknown[]).length };
    };
    await warmUp(qs, WARMUP_S, gqlOnce);
    if (b.rawWhileServing) await warmUp(qs, WARMUP_S, (q) => b.raw(mode, q, FIRST));
    for (let r = 0; r < ROUNDS; r++) {
      for (const q of qs) {
        // Interleaved, so both sides see the same cache and machine load.
        const g = await gqlOnce(q);
        record(row, 'gql', q, g.ms);
        row.results += g.n;
        if (b.rawWhileServing) record(row, 'raw', q, await b.raw(mode, q, FIRST));
      }
    }
    rows.push(row);
  }
  client.close();
  return rows;
}

/** What the numbers mean (measured while building this bench; see the section in BENCHMARKS.md). */
const ANALYSIS = `- Row-level security and the index: the API runs every statement as \`docsphere_app\` under FORCE RLS
  (migration 0005). \`@@\` (ts_match_vq) is not LEAKPROOF, so PostgreSQL may not evaluate it before the policy's
  owner check and planned every search as a sequential scan of all tenants' chunks (GraphQL p95 770 ms against
  215 ms raw as the owner, 3.6×, two sessions ago). Matching goes through \`docsphere_lexical_matches\`
  (migrations 0006, 0007), a SECURITY DEFINER function that applies the policy's rule (\`owner_id =
  app.user_id\`) itself and so gets the GIN bitmap scan; it has no owner parameter, so the app role cannot ask
  for anyone else's chunks (tests/integration/tenancy.test.ts). Raw runs the same function.
- Ranking cost: every match is fetched and ranked with ts_rank_cd, so latency follows the number of matching
  chunks. The short terms match 8k-25k of the 100k chunks here (the synthetic chunks recombine a small corpus,
  so one word covers far more of it than in a real collection) and set the overall p95. Per matching row the
  cost is the heap fetch, the filter and the rank; migration 0007 cut the filter to one pass (the owner id is
  computed once per statement instead of per row, and the recheck against the chunk's own language runs only
  when the languages parse the query differently): the function alone went 49 → 41 ms for \`duck\` and
  64 → 56 ms for \`table\` (25k matches; mean of 5 interleaved runs), with identical ids and scores on every relaxation tier of all 36
  queries. \`SET STORAGE MAIN\` (0006) keeps the tsvector in the row rather than in TOAST.
- Tried and dropped for the common terms: one GIN probe per distinct parse (no recheck at all, but a long
  relaxed query's parses share most words, so shared matches were fetched once per parse: 52k heap blocks
  against 15k); a parallel bitmap heap scan (no gain with 2 cores shared with the API); a narrow copy of the
  table holding only what matching reads (~15 % faster, not worth a second table). Exact ts_rank_cd over
  ~20k matches stays at 40-60 ms on this machine even as raw SQL; core PostgreSQL has no index that yields
  the top k by rank (RUM, an extension, does; neither PGlite nor the compose image ships it).
- Relaxation: a plain query whose strict (all-words) form fills less than a page steps down to all words but
  one, all but two, then any word; the middle tiers fill the page before the any-word form, which matches a
  large share of the corpus. Snippets highlight the any-word form of the user's query, not the tier's OR
  tree, which made ts_headline ~25× slower.
- Where the GraphQL side's extra time goes, measured in one process on the question set at steady state: the
  search service called directly costs the same as raw (6.1 against 6.3 ms p50, 1.8 ms CPU each); yoga, the
  GraphQL execution of 10 hits and the JSON response add ~1.8 ms of CPU per request; the HTTP hop between
  processes (bench client, API, PostgreSQL on 2 cores) adds the rest, ~3.5 ms at p50 in all. Authentication
  no longer shows: a verified access token is remembered until it expires, with its user re-read at most every
  30 s (src/services/verified-tokens.ts; verifying the HMAC and the user lookup were ~1 ms per request), and
  HYBRID's embedding space is looked up once per process. That fixed ~3.5 ms is 10-15 % of a 30-40 ms question.
- Steady state: each side runs the query list for the warm-up time before anything is recorded (the API's CPU
  per search fell from 3.9 to 2.1 ms over its first ~2000 requests), GraphQL over one kept-alive node:http
  connection (Node's fetch adds 0.4-0.9 ms of client CPU per request, bench/http-client.ts), raw over
  postgres.js. Before the measurement the bench runs VACUUM ANALYZE: a freshly bulk-loaded GIN index has a
  long pending list that every search would scan, which autovacuum clears in steady state.
- PGlite: raw runs inside the bench's own process with no socket at all, while GraphQL crosses HTTP into a
  server whose single thread runs yoga and the WebAssembly database alike (and the embedded pipeline's
  dispatcher, which polls every 500 ms). In one process on 10k chunks the search service costs what raw does
  (8.1 against 7.9 ms p50) and yoga with the GraphQL execution adds 2.1 ms; the hop and the shared thread are
  the rest of the LEXICAL gap.
- GraphQL and raw requests are interleaved so both see the same cache and machine load; a GraphQL request
  also authenticates and runs its statements as the RLS role in one transaction. The overall p95 falls on
  the edge between the two commonest terms (\`table\`, \`duck\`: 2 of 36 queries, 5.6 % of the samples) and
  everything else, so it moves between runs; the per-class columns are the steadier reading.`;

async function main() {
  const qs = await queries();
  const pool = await corpusPool();
  const passwordHash = await hash(PASSWORD);
  const fake = await startFakeEmbeddings({ dimensions: 64 });
  const all: Row[] = [];
  const notes: string[] = [];
  try {
    for (const make of [postgresBackend, pgliteBackend]) {
      const n = make === postgresBackend ? PG_CHUNKS : PGLITE_CHUNKS;
      const docs = syntheticDocuments(pool, n);
      const b = await make({ docs, email: EMAIL, passwordHash, embeddingsUrl: fake.url, log: (m) => console.error(m) });
      if (!b) {
        notes.push(`${make === postgresBackend ? 'PostgreSQL' : 'PGlite'}: skipped (not reachable)`);
        continue;
      }
      notes.push(...b.notes);
      try {
        const rows = await measure(b, qs, ['LEXICAL', 'HYBRID']);
        await b.stopServer();
        if (!b.rawWhileServing) {
          for (const row of rows) {
            const mode = row.mode as 'LEXICAL' | 'HYBRID';
            await warmUp(qs, WARMUP_S, (q) => b.raw(mode, q, FIRST));
            for (let r = 0; r < ROUNDS; r++) for (const q of qs) record(row, 'raw', q, await b.raw(mode, q, FIRST));
          }
        }
        all.push(...rows);
        for (const r of rows) console.error(`${r.backend} ${r.mode}: GraphQL p95 ${pct(r.gql, 95).toFixed(1)} ms, raw p95 ${pct(r.raw, 95).toFixed(1)} ms`);
      } finally {
        await b.close();
      }
    }
  } finally {
    await fake.close();
  }
  const body = [
    `Run ${today()} on ${machine()}. \`npm run bench:search\` (bench/search.ts); ${qs.length} queries (the ${qs.length - SHORT_TERMS.length} labelled`,
    `questions of tests/search-queries plus ${SHORT_TERMS.length} short common terms) × ${ROUNDS} rounds after ${WARMUP_S} s of warm-up per side, first: ${FIRST}.`,
    'GraphQL = one HTTP request to a real server process (auth, validation, service, SQL, JSON); raw = the same SQL',
    'statements in the same transactions (BEGIN, app.user_id, statements, COMMIT) sent directly: postgres.js on',
    'PostgreSQL as the owner role (the app also switches to the row-level-security role), an in-process PGlite on the',
    'same data directory after the server stopped. HYBRID raw includes the query-embedding call to the loopback',
    'provider. Chunks are corpus passages recombined (bench/search-data.ts), one owner holds all.',
    '',
    table(
      ['database', 'chunks', 'mode', 'GraphQL p50 ms', 'GraphQL p95 ms', 'raw p50 ms', 'raw p95 ms', 'p95 ratio', 'questions p95: GraphQL / raw ms', 'short terms p95: GraphQL / raw ms', 'hits/query'],
      all.map((r) => [
        r.backend,
        r.chunks,
        r.mode,
        pct(r.gql, 50).toFixed(1),
        pct(r.gql, 95).toFixed(1),
        pct(r.raw, 50).toFixed(1),
        pct(r.raw, 95).toFixed(1),
        `${(pct(r.gql, 95) / pct(r.raw, 95)).toFixed(2)}×`,
        classP95(r, 'questions'),
        classP95(r, 'terms'),
        (r.results / r.gql.length).toFixed(1),
      ]),
    ),
    '',
    ...notes.map((n) => `- ${n}`),
    ANALYSIS,
  ].join('\n');
  console.log(body);
  await writeSection('Search', body);
}

await main();
