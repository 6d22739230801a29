/**
 * Gets the collection into a real Docsphere server the way a user would: a fresh embedded server
 * process (PGlite under a temporary DATA_DIR, what `npm start` runs), a signed-up account, every
 * corpus document uploaded as its own Markdown file through the REST upload route (several files
 * per request, several requests in flight), then polling the document list until nothing is
 * queued or processing. Nothing is inserted behind the server's back: chunking, language
 * detection and indexing are the pipeline's own, so the bench measures what users get.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LOG_IN, SIGN_UP } from '../client/src/operations.js';
import { startApi } from '../tests/helpers/processes.js';
import { LeanGraphQLClient } from './http-client.js';
import { fileName, idFromFileName, markdown, type CorpusDoc } from './retrieval-data.js';

const EMAIL = 'retrieval-bench@example.com';
const PASSWORD = 'correct horse battery staple';
/** Files per upload request: the server's default MAX_FILES. */
export const BATCH = Number(process.env.BENCH_UPLOAD_BATCH ?? 20);
export const CONCURRENCY = Number(process.env.BENCH_UPLOAD_CONCURRENCY ?? 4);
/** Access tokens live 15 minutes by default; log in again well before that. */
const TOKEN_REFRESH_MS = 10 * 60_000;

export interface Server {
  graphqlUrl: string;
  dataDir: string;
  /** Every log line the server printed (pino JSON), for the report's look at warnings and errors. */
  lines: string[];
  /** The server process's peak resident memory so far (Linux VmHWM), in MiB; undefined elsewhere. */
  peakRssMb(): number | undefined;
  token(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the server. RATE_UPLOADS_PER_MIN is raised because an operator loading a collection
 * would (the default 60 per minute would make a 3,633-document load take an hour); nothing else
 * departs from the defaults.
 */
export async function startServer(log: (m: string) => void): Promise<Server> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'docsphere-retrieval-'));
  const api = await startApi({ DATA_DIR: dataDir, LOG_LEVEL: 'info', RATE_UPLOADS_PER_MIN: '100000' });
  log(`server ready at ${api.graphqlUrl} (DATA_DIR ${dataDir})`);
  const gql = new LeanGraphQLClient(api.graphqlUrl);
  const signUp = await gql.request(SIGN_UP, { email: EMAIL, password: PASSWORD });
  if (signUp.errors) throw new Error(`sign up failed: ${JSON.stringify(signUp.errors)}`);
  let token = String(signUp.data!.signUp.token);
  let at = Date.now();
  return {
    graphqlUrl: api.graphqlUrl,
    dataDir,
    lines: api.lines,
    peakRssMb() {
      try {
        const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${api.child.pid}/status`, 'utf8'))?.[1];
        return kb ? Number(kb) / 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    async token() {
      if (Date.now() - at > TOKEN_REFRESH_MS) {
        const res = await gql.request(LOG_IN, { email: EMAIL, password: PASSWORD });
        if (res.errors) throw new Error(`log in failed: ${JSON.stringify(res.errors)}`);
        token = String(res.data!.logIn.token);
        at = Date.now();
      }
      return token;
    },
    async stop() {
      gql.close();
      await api.stop();
      if (!process.env.BENCH_KEEP_DATA) await rm(dataDir, { recursive: true, force: true });
      else log(`kept the server's data in ${dataDir}`);
    },
  };
}

interface UploadResult {
  filename: string;
  document: { id: string; status: string } | null;
  duplicate: boolean;
  error: { code: string; message: string } | null;
}

export interface Ingested {
  /** Document global id → the corpus ids it stands for (more than one where the server deduplicated identical bytes). */
  corpusIds: Map<string, string[]>;
  duplicates: number;
  failedUploads: { filename: string; code: string }[];
  failedProcessing: { filename: string; code: string }[];
  indexed: number;
  uploadSeconds: number;
  totalSeconds: number;
  /** The server's peak RSS once everything was indexed. */
  peakRssMb: number | undefined;
}

const base = (s: Server) => s.graphqlUrl.replace(/\/graphql$/, '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rest<T>(s: Server, route: string, init: RequestInit = {}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${base(s)}${route}`, { ...init, headers: { authorization: `Bearer ${await s.token()}` } });
    if (res.status === 429 && attempt < 20) {
      await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
      continue;
    }
    const body = (await res.json()) as T & { error?: { code: string; message: string } };
    if (res.status >= 500 || (res.status >= 400 && !('results' in (body as object)))) {
      throw new Error(`${init.method ?? 'GET'} ${route}: HTTP ${res.status} ${JSON.stringify(body.error ?? body)}`);
    }
    return body;
  }
}

async function uploadBatch(s: Server, docs: readonly CorpusDoc[]): Promise<UploadResult[]> {
  const form = new FormData();
  for (const d of docs) form.append('file', new Blob([markdown(d)], { type: 'text/markdown' }), fileName(d));
  const body = await rest<{ results: UploadResult[] }>(s, '/api/documents/upload', { method: 'POST', body: form });
  return body.results;
}

interface Listed {
  id: string;
  filename: string;
  status: string;
  error: { code: string } | null;
}

/** Every document with one of `statuses`, following the cursor 100 at a time. */
async function listAll(s: Server, statuses: string): Promise<Listed[]> {
  const out: Listed[] = [];
  let after: string | null = null;
  do {
    const q: string = `/api/documents?first=100&status=${statuses}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const page: { items: Listed[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = await rest(s, q);
    out.push(...page.items);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return out;
}

/** Uploads `docs` and waits until every one is INDEXED or FAILED. */
export async function ingest(s: Server, docs: readonly CorpusDoc[], log: (m: string) => void): Promise<Ingested> {
  const start = performance.now();
  const batches: CorpusDoc[][] = [];
  for (let i = 0; i < docs.length; i += BATCH) batches.push(docs.slice(i, i + BATCH));
  const results: UploadResult[] = [];
  let next = 0;
  const workers = Array.from({ length: CONCURRENCY }, async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      results.push(...(await uploadBatch(s, batch)));
      if (results.length % 500 < batch.length) log(`uploaded ${results.length}/${docs.length}`);
    }
  });
  await Promise.all(workers);
  const uploadSeconds = (performance.now() - start) / 1000;
  const corpusIds = new Map<string, string[]>();
  const failedUploads: Ingested['failedUploads'] = [];
  let duplicates = 0;
  // Originals first, so a deduplicated copy ranks right after the document it duplicates.
  for (const r of [...results].sort((a, b) => Number(a.duplicate) - Number(b.duplicate))) {
    if (!r.document) {
      failedUploads.push({ filename: r.filename, code: r.error?.code ?? 'UNKNOWN' });
      continue;
    }
    if (r.duplicate) duplicates++;
    const ids = corpusIds.get(r.document.id) ?? [];
    ids.push(idFromFileName(r.filename));
    corpusIds.set(r.document.id, ids);
  }
  log(`uploads done in ${uploadSeconds.toFixed(0)} s (${duplicates} deduplicated, ${failedUploads.length} failed); waiting for indexing`);
  let lastLog = 0;
  // One row tells whether anything is left; the full count is only for the progress line.
  while ((await rest<{ items: unknown[] }>(s, '/api/documents?first=1&status=QUEUED,PROCESSING')).items.length) {
    if (performance.now() - lastLog > 60_000) {
      lastLog = performance.now();
      const left = (await listAll(s, 'QUEUED,PROCESSING')).length;
      log(`${left} documents still queued or processing (${((performance.now() - start) / 1000).toFixed(0)} s)`);
    }
    await sleep(2000);
  }
  const totalSeconds = (performance.now() - start) / 1000;
  const failed = await listAll(s, 'FAILED');
  const indexed = (await listAll(s, 'INDEXED')).length;
  return {
    corpusIds,
    duplicates,
    failedUploads,
    failedProcessing: failed.map((d) => ({ filename: d.filename, code: d.error?.code ?? 'UNKNOWN' })),
    indexed,
    uploadSeconds,
    totalSeconds,
    peakRssMb: s.peakRssMb(),
  };
}
