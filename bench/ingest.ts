/**
 * `npm run bench:ingest`: how fast small documents get from a client to INDEXED, through the real
 * doors. 200 Markdown files of about 2 KB (built from NFCorpus abstracts) are uploaded one per
 * GraphQL multipart request, 8 requests in flight, and watched over the `documentEvents`
 * subscription until every one is INDEXED; on the embedded default (one process, PGlite,
 * in-process jobs) and in services mode (PostgreSQL + Redis, an API process and two worker
 * processes). Then the upload → INDEXED latency of a 10-page text PDF on the embedded default.
 *
 * References, measured in the same run against the same server and database engine:
 * - HTTP floor: the same number of requests at the same concurrency to `GET /health` with the
 *   same client, i.e. what the transport alone allows;
 * - commit floor: the same number of single-row transactions (one insert of the file's Markdown,
 *   committed durably) at the same concurrency on the same engine (a PGlite in a temporary
 *   folder; the same PostgreSQL server). Each document needs at least two durable commits (its
 *   upload, and its indexing with the chunks), so docs/s ÷ commits/s says how close the pipeline
 *   is to the durability it cannot skip.
 *
 * Figures on the shared 2-core machine are noisy; the ratios are what to compare.
 * BENCH_PROFILE=1 profiles the servers' CPU (`<pid>.cpuprofile` files in /tmp/docsphere-ingest-prof).
 * BENCH_PRELOAD=<module> preloads a module into the servers (e.g. a statement tracer).
 * BENCH_BUILT=1 runs the embedded server from the JavaScript build (dist/, `npm run build` first), as production does.
 * BENCH_MODES=embedded or services runs one mode; BENCH_WRITE=1 writes the BENCHMARKS.md section.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { appendFile, readFile, mkdtemp, rm, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { SIGN_UP } from '../client/src/operations.js';
import { GraphQLHttpClient, subscribe, wsClient } from '../tests/helpers/graphql-client.js';
import { startApi, startWorker, type RunningProcess } from '../tests/helpers/processes.js';
import { loadCorpus } from './retrieval-data.js';
import { CORPUS, ensureTools, fmt, machine, table, today, writeSection } from './tools.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const PDF_RUNS = Number(process.env.BENCH_PDF_RUNS ?? 7);
const ADMIN_URL = process.env.BENCH_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PROFILE_DIR = '/tmp/docsphere-ingest-prof';
/** BENCH_BUILT=1: the servers run the JavaScript build (dist/, as `npm start` does; build it first). */
const BUILT = Boolean(process.env.BENCH_BUILT);
const JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-signing';

const UPLOAD = /* GraphQL */ `
  mutation Upload($file: Upload!) {
    uploadDocument(file: $file) {
      duplicate
      document {
        id
      }
    }
  }
`;
const EVENTS = /* GraphQL */ `
  subscription {
    documentEvents {
      type
      documentId
      status
    }
  }
`;

const log = (m: string) => console.error(`[ingest ${new Date().toISOString().slice(11, 19)}] ${m}`);
const pool = async <T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>) => {
  let next = 0;
  await Promise.all(
    Array.from(
      { length: n },
      async () =>
        void (await (async () => {
          while (next < items.length) await fn(items[next++]!);
        })()),
    ),
  );
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** About 2 KB each: NFCorpus abstracts joined under headings until the file passes 2,000 characters. */
async function smallMarkdown(count: number, nonce: string): Promise<Buffer[]> {
  const docs = (await loadCorpus()).filter((d) => d.text.length > 200);
  const files: Buffer[] = [];
  let i = 0;
  while (files.length < count) {
    let md = `# Bench note ${files.length + 1} (${nonce})\n`;
    while (md.length < 2000) {
      const d = docs[i++ % docs.length]!;
      md += `\n## ${d.title}\n\n${d.text.slice(0, 1200)}\n`;
    }
    files.push(Buffer.from(md));
  }
  return files;
}

/** Ten pages of text PDFs from the corpus, joined with poppler's pdfseparate/pdfunite under /tmp. */
async function tenPagePdf(work: string): Promise<string> {
  ensureTools(['pdfseparate', 'pdfunite']);
  const sources = ['normal_4pages.pdf', 'multi_page.pdf', 'amt_handbook_sample.pdf', 'redp5110_sampled.pdf'];
  const pages: string[] = [];
  for (const name of sources) {
    const pattern = path.join(work, `${name}-%d.pdf`);
    execFileSync('pdfseparate', [path.join(CORPUS, 'pdf', name), pattern]);
    const made = (await readdir(work))
      .filter((f) => f.startsWith(`${name}-`))
      .sort((a, b) => parseInt(a.slice(name.length + 1)) - parseInt(b.slice(name.length + 1)));
    pages.push(...made.map((f) => path.join(work, f)));
    if (pages.length >= 10) break;
  }
  const out = path.join(work, 'ten-pages.pdf');
  execFileSync('pdfunite', [...pages.slice(0, 10), out]);
  return out;
}

interface Deployment {
  graphqlUrl: string;
  baseUrl: string;
  procs: RunningProcess[];
  /** The durable-commit floor on this deployment's engine. */
  commitFloor(bodies: readonly Buffer[]): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The servers are started by the test helper (`node --import tsx`), and Node refuses `--cpu-prof`
 * in NODE_OPTIONS, so a preloaded module runs the inspector's sampling profiler instead and
 * writes `<pid>.cpuprofile` when the process exits.
 */
const PROFILER = `import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
const s = new Session();
s.connect();
s.post('Profiler.enable');
s.post('Profiler.start');
process.on('exit', () => s.post('Profiler.stop', (err, r) => { if (!err) writeFileSync('${PROFILE_DIR}/' + process.pid + '.cpuprofile', JSON.stringify(r.profile)); }));
`;
function profileEnv(): Record<string, string> {
  const imports = process.env.BENCH_PRELOAD ? [process.env.BENCH_PRELOAD] : [];
  if (process.env.BENCH_PROFILE) {
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(path.join(PROFILE_DIR, 'preload.mjs'), PROFILER);
    imports.push(`${PROFILE_DIR}/preload.mjs`);
  }
  return imports.length ? { NODE_OPTIONS: imports.map((f) => `--import ${f}`).join(' ') } : {};
}
// info at most: the helper waits for the "ready at" line.
const serverEnv = {
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
  RATE_UPLOADS_PER_MIN: '100000',
  // BENCH_SERVER_ENV="K=V K=V": more server settings (e.g. WORKER_CONCURRENCY=4), for an A/B of one setting in the same build.
  ...Object.fromEntries(
    (process.env.BENCH_SERVER_ENV ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((kv) => kv.split('=', 2) as [string, string]),
  ),
};

/** BENCH_SERVER_LOG=<file>: every server log line, for a look at per-stage timings (BENCH_LOG_LEVEL=debug). */
async function dumpLogs(procs: RunningProcess[]) {
  const file = process.env.BENCH_SERVER_LOG;
  if (file) await appendFile(file, procs.flatMap((p) => p.lines).join('\n') + '\n');
}

async function embedded(): Promise<Deployment> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'docsphere-ingest-'));
  const api = await startApi({ DATA_DIR: dataDir, ...serverEnv, ...profileEnv() }, { built: BUILT });
  return {
    graphqlUrl: api.graphqlUrl,
    baseUrl: api.baseUrl,
    procs: [api],
    async commitFloor(bodies) {
      const { PGlite } = await import('@electric-sql/pglite');
      const dir = await mkdtemp(path.join(tmpdir(), 'docsphere-floor-'));
      const db = await PGlite.create(path.join(dir, 'pglite'));
      await db.exec('create table floor (id serial primary key, body text not null)');
      const start = performance.now();
      await pool(
        bodies,
        CONCURRENCY,
        async (b) => void (await db.transaction((tx) => tx.query('insert into floor (body) values ($1)', [b.toString()]))),
      );
      const rate = bodies.length / ((performance.now() - start) / 1000);
      await db.close();
      await rm(dir, { recursive: true, force: true });
      return rate;
    },
    async stop() {
      await dumpLogs([api]);
      await api.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function services(workers: number): Promise<Deployment> {
  const name = `docsphere_bench_${Date.now().toString(36)}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'docsphere-ingest-'));
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: url.toString(),
    REDIS_URL,
    REDIS_PREFIX: `bench${Date.now().toString(36)}`,
    JWT_SECRET,
    ...serverEnv,
    ...profileEnv(),
  };
  // Migrations serialise on an advisory lock, so the processes may start together.
  const [first, ...rest] = await Promise.all(Array.from({ length: workers }, () => startWorker(env)));
  const api = await startApi(env);
  return {
    graphqlUrl: api.graphqlUrl,
    baseUrl: api.baseUrl,
    procs: [api, first!, ...rest],
    async commitFloor(bodies) {
      const sql = postgres(url.toString(), { max: CONCURRENCY, onnotice: () => {} });
      await sql`create table floor (id serial primary key, body text not null)`;
      const start = performance.now();
      await pool(bodies, CONCURRENCY, async (b) => void (await sql.begin((tx) => tx`insert into floor (body) values (${b.toString()})`)));
      const rate = bodies.length / ((performance.now() - start) / 1000);
      await sql`drop table floor`;
      await sql.end();
      return rate;
    },
    async stop() {
      await dumpLogs([api, first!, ...rest]);
      await Promise.all([api, first!, ...rest].map((p) => p.stop()));
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * CPU time (user + system, ms) of the deployment's processes and their live children (the
 * converter sandboxes): on a shared machine wall-clock rates swing with the neighbours' load,
 * while CPU per document says what the work costs.
 */
async function cpuMs(d: Deployment): Promise<number> {
  const roots = new Set(d.procs.map((p) => p.child.pid!));
  const stats = new Map<number, { ppid: number; ms: number }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      stats.set(Number(entry), await procStat(`/proc/${entry}/stat`));
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 10; p = stats.get(p)?.ppid ?? 0, hops++) if (roots.has(p)) return true;
    return false;
  };
  return [...stats].filter(([pid]) => inTree(pid)).reduce((sum, [, s]) => sum + s.ms, 0);
}
/**
 * CPU time (ms) of the API process's main thread alone (its event loop: HTTP, GraphQL and, on the
 * embedded default, PGlite and the pipeline), the part a Node server cannot spread over cores;
 * the rest of the process's CPU is V8's and libuv's helper threads.
 */
async function mainThreadMs(pid: number): Promise<number> {
  return (await procStat(`/proc/${pid}/task/${pid}/stat`)).ms;
}
/** Parent pid and CPU time (user + system, ms) from a /proc stat file (process or thread). */
async function procStat(file: string): Promise<{ ppid: number; ms: number }> {
  const stat = await readFile(file, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), ms: ((Number(f[11]) + Number(f[12])) * 1000) / TICKS };
}
const TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

interface Watcher {
  /** documentId → when its DOCUMENT_INDEXED (or DOCUMENT_FAILED) event arrived. */
  done: Map<string, { at: number; status: string }>;
  waitFor(ids: readonly string[], timeoutMs?: number): Promise<void>;
  close(): void;
}

function watch(d: Deployment, token: string): Watcher {
  const ws = wsClient(d.graphqlUrl, token);
  const done = new Map<string, { at: number; status: string }>();
  const waiters = new Set<() => void>();
  const sub = subscribe<{ documentEvents: { type: string; documentId: string; status: string } }>(ws, EVENTS);
  const seen = sub.events;
  let read = 0;
  const poll = setInterval(() => {
    for (; read < seen.length; read++) {
      const e = seen[read]!.documentEvents;
      if (e.type === 'DOCUMENT_INDEXED' || e.type === 'DOCUMENT_FAILED')
        done.set(e.documentId, { at: performance.now(), status: e.status });
    }
    for (const w of waiters) w();
  }, 2);
  return {
    done,
    waitFor(ids, timeoutMs = 600_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${ids.filter((i) => done.has(i)).length}/${ids.length} finished`)),
          timeoutMs,
        );
        const check = () => {
          if (ids.every((i) => done.has(i))) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        waiters.add(check);
      });
    },
    close() {
      clearInterval(poll);
      sub.dispose();
      void ws.dispose();
    },
  };
}

async function signUp(d: Deployment): Promise<GraphQLHttpClient> {
  const client = new GraphQLHttpClient(d.graphqlUrl);
  const res = await client.request(SIGN_UP, { email: `bench-${Date.now()}@example.com`, password: 'correct horse battery staple' });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  client.token = String(res.data!.signUp.token);
  return client;
}

async function upload(client: GraphQLHttpClient, bytes: Uint8Array, name: string): Promise<string> {
  const res = await client.upload(UPLOAD, { file: null }, { file: { bytes, name } });
  const id = res.data?.uploadDocument?.document?.id as string | undefined;
  if (!id) throw new Error(`upload of ${name} failed: ${JSON.stringify(res.errors)}`);
  return id;
}

interface BulkResult {
  mode: string;
  docsPerSecond: number;
  uploadSeconds: number;
  totalSeconds: number;
  failed: number;
  healthPerSecond: number;
  commitsPerSecond: number;
  /** CPU of every server process (and sandbox) per document, ms. */
  cpuPerDoc: number;
  /** CPU of the API process's main thread per document, ms. */
  apiMainCpuPerDoc: number;
  /** Highest RSS of the API process (its own, without converter sandboxes) sampled during the run, MiB. */
  apiPeakRssMb: number;
}

/** Samples a process's RSS from /proc every 250 ms; `stop()` returns the highest, in MiB. */
function rssSampler(pid: number): { stop(): number } {
  let peak = 0;
  const sample = () => {
    readFile(`/proc/${pid}/status`, 'utf8')
      .then((s) => (peak = Math.max(peak, Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0) / 1024)))
      .catch(() => undefined);
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

async function bulk(mode: string, d: Deployment, files: Buffer[]): Promise<BulkResult> {
  const client = await signUp(d);
  // One document first: the converter sandboxes are warm and the connections open before timing.
  {
    const w = watch(d, client.token!);
    await new Promise((r) => setTimeout(r, 300));
    await w.waitFor([await upload(client, Buffer.from(`# Warm-up ${Date.now()}\n\nHello.\n`), 'warm-up.md')], 120_000);
    w.close();
  }
  // HTTP floor, with the same client and concurrency.
  const healthStart = performance.now();
  await pool(files, CONCURRENCY, async () => void (await (await fetch(`${d.baseUrl}/health`)).text()));
  const healthPerSecond = files.length / ((performance.now() - healthStart) / 1000);
  const commitsPerSecond = await d.commitFloor(files);

  const w = watch(d, client.token!);
  await new Promise((r) => setTimeout(r, 300)); // the subscription is live before the first upload
  const ids: string[] = [];
  const cpuBefore = await cpuMs(d);
  const apiPid = d.procs[0]!.child.pid!;
  const mainBefore = await mainThreadMs(apiPid);
  const rss = rssSampler(apiPid);
  const start = performance.now();
  let n = 0;
  await pool(files, CONCURRENCY, async (f) => void ids.push(await upload(client, f, `note-${n++}.md`)));
  const uploadSeconds = (performance.now() - start) / 1000;
  await w.waitFor(ids);
  const last = Math.max(...ids.map((i) => w.done.get(i)!.at));
  const totalSeconds = (last - start) / 1000;
  const cpuPerDoc = ((await cpuMs(d)) - cpuBefore) / files.length;
  const apiMainCpuPerDoc = ((await mainThreadMs(apiPid)) - mainBefore) / files.length;
  const apiPeakRssMb = rss.stop();
  const failed = ids.filter((i) => w.done.get(i)!.status !== 'INDEXED').length;
  w.close();
  const r = {
    mode,
    docsPerSecond: files.length / totalSeconds,
    uploadSeconds,
    totalSeconds,
    failed,
    healthPerSecond,
    commitsPerSecond,
    cpuPerDoc,
    apiMainCpuPerDoc,
    apiPeakRssMb,
  };
  log(
    `${mode}: ${fmt(r.docsPerSecond, 1)} docs/s (uploads done ${fmt(uploadSeconds, 2)} s, all INDEXED ${fmt(totalSeconds, 2)} s, ${failed} failed); ` +
      `server CPU ${fmt(cpuPerDoc, 1)} ms/doc (API main thread ${fmt(apiMainCpuPerDoc, 1)}); API peak RSS ${fmt(apiPeakRssMb, 0)} MiB; /health ${fmt(healthPerSecond, 0)} req/s; commit floor ${fmt(commitsPerSecond, 0)} commits/s`,
  );
  return r;
}

async function pdfLatency(d: Deployment, pdf: string): Promise<number[]> {
  const client = await signUp(d);
  const w = watch(d, client.token!);
  await new Promise((r) => setTimeout(r, 300));
  const bytes = await readFile(pdf);
  const times: number[] = [];
  for (let i = 0; i < PDF_RUNS; i++) {
    // A unique comment after %%EOF: same document, bytes the extraction cache has not seen.
    const unique = Buffer.concat([bytes, Buffer.from(`\n%bench-${Date.now()}-${i}\n`)]);
    const start = performance.now();
    const id = await upload(client, unique, `ten-pages-${i}.pdf`);
    await w.waitFor([id], 60_000);
    if (w.done.get(id)!.status !== 'INDEXED') throw new Error('the 10-page PDF failed');
    times.push(w.done.get(id)!.at - start);
  }
  w.close();
  log(`10-page PDF upload → INDEXED: p50 ${fmt(median(times), 0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
  return times;
}

async function main() {
  const modes = (process.env.BENCH_MODES ?? 'embedded,services').split(',');
  const header = machine();
  const work = await mkdtemp(path.join(tmpdir(), 'docsphere-ingest-pdf-'));
  const results: BulkResult[] = [];
  let pdfTimes: number[] = [];
  try {
    if (modes.includes('embedded')) {
      const d = await embedded();
      try {
        results.push(await bulk('embedded (PGlite, in-process jobs)', d, await smallMarkdown(DOCS, `e${Date.now()}`)));
        pdfTimes = await pdfLatency(d, await tenPagePdf(work));
      } finally {
        await d.stop();
      }
    }
    if (modes.includes('services')) {
      const d = await services(2);
      try {
        results.push(await bulk('services (PostgreSQL 15 + BullMQ, API + 2 workers)', d, await smallMarkdown(DOCS, `s${Date.now()}`)));
      } finally {
        await d.stop();
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const body = [
    `Measured ${today()} on ${header}. Noisy: other jobs shared the machine; compare the ratios.`,
    '',
    `${DOCS} Markdown files of about 2 KB, one GraphQL multipart upload each, ${CONCURRENCY} in flight, from the first upload to the last DOCUMENT_INDEXED event (subscription).`,
    '',
    table(
      [
        'deployment',
        'docs/s',
        'server CPU ms/doc',
        'API main thread CPU ms/doc',
        'API peak RSS (MiB)',
        'uploads done (s)',
        'all INDEXED (s)',
        'failed',
        'HTTP floor: GET /health req/s',
        'docs/s ÷ HTTP floor',
        'commit floor (1-row tx/s)',
        'docs/s ÷ commit floor',
      ],
      results.map((r) => [
        r.mode,
        fmt(r.docsPerSecond, 1),
        fmt(r.cpuPerDoc, 1),
        fmt(r.apiMainCpuPerDoc, 1),
        fmt(r.apiPeakRssMb, 0),
        fmt(r.uploadSeconds, 2),
        fmt(r.totalSeconds, 2),
        r.failed,
        fmt(r.healthPerSecond, 0),
        fmt(r.docsPerSecond / r.healthPerSecond, 3),
        fmt(r.commitsPerSecond, 0),
        fmt(r.docsPerSecond / r.commitsPerSecond, 3),
      ]),
    ),
    '',
    pdfTimes.length
      ? `10-page text PDF (pages of corpus PDFs joined with pdfunite), upload → INDEXED on the embedded default, ${pdfTimes.length} runs: p50 **${fmt(median(pdfTimes), 0)} ms** (${pdfTimes.map((t) => t.toFixed(0)).join(', ')} ms).`
      : '',
  ].join('\n');
  console.log(body);
  if (process.env.BENCH_WRITE) await writeSection('Ingest', body);
}

await main();
