/**
 * The embedded database of the search bench: PGlite with pgvector in a data directory kept across
 * runs (bench/search-kept-db.ts), served by a real server process. Its comparison side is the same
 * search through the REST route of that process: PGlite has one owner, so nothing else can query
 * it while the server runs, and the brief compares GraphQL with REST there.
 */
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startApi } from '../tests/helpers/processes.js';
import { LeanGraphQLClient } from './http-client.js';
import {
  BM25,
  countStatistics,
  DIMS,
  insertAll,
  LIST_CHUNKS,
  LOG_IN_TOKEN,
  MODEL,
  type Backend,
  type BackendInput,
} from './search-backends.js';
import { exactReference } from './search-exact.js';
import { dataFingerprint, markLoaded, reusableOwner } from './search-kept-db.js';
import { ROOT } from './tools.js';

export async function pgliteBackend(input: BackendInput): Promise<Backend> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const { drizzle: drizzlePglite } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  // Kept across runs like the PostgreSQL database (bench/search-kept-db.ts): one folder per size.
  const chunkCount = input.docs.reduce((k, d) => k + d.chunks.length, 0);
  const fingerprint = dataFingerprint(input.docs, LIST_CHUNKS);
  const dataDir = path.join(tmpdir(), `docsphere-bench-pglite-${chunkCount}`);
  const dbDir = path.join(dataDir, 'pglite');
  const open = async () => {
    await mkdir(dataDir, { recursive: true });
    const client = await PGlite.create(dbDir, { extensions: { vector } });
    await client.exec('CREATE EXTENSION IF NOT EXISTS vector');
    return client;
  };
  const runOn =
    (c: { query: (q: string, p?: unknown[]) => Promise<{ rows: unknown[] }> }) =>
    async (q: string, p: unknown[] = []) =>
      (await c.query(q, p)).rows;
  let client = await open();
  let kept = process.env.BENCH_PG_RELOAD ? null : await reusableOwner(runOn(client), fingerprint).catch(() => null);
  if (!kept && (await runOn(client)(`select 1 from pg_tables where tablename = 'chunks'`)).length) {
    await client.close();
    await rm(dataDir, { recursive: true, force: true });
    client = await open();
  }
  await migrate(drizzlePglite({ client }), { migrationsFolder: path.join(ROOT, 'drizzle') });
  let loadNote: string;
  if (kept) {
    loadNote = `PGlite: data directory kept from an earlier run with the same data and migrations (fingerprint ${fingerprint}).`;
  } else {
    const ownerId = randomUUID();
    const spaceRow = await client.query<{ id: number }>('insert into embedding_spaces (model, dimensions) values ($1, $2) returning id', [
      MODEL,
      DIMS,
    ]);
    const spaceId = spaceRow.rows[0]!.id;
    let t = performance.now();
    // As bulkLoadPostgres: statistics trigger off and GIN index dropped while loading, then both rebuilt once.
    await client.exec('alter table chunks disable trigger chunks_bm25_inserted; drop index if exists chunks_search_idx');
    await insertAll((q, p) => client.query(q, p), input, ownerId, { id: spaceId, model: MODEL, dimensions: DIMS }, 300);
    await client.exec(
      'alter table chunks enable trigger chunks_bm25_inserted; create index chunks_search_idx on chunks using gin (search_vector)',
    );
    await countStatistics((q, p) => client.query(q, p), ownerId);
    const insertS = (performance.now() - t) / 1000;
    t = performance.now();
    await client.exec(
      `CREATE INDEX chunks_embedding_space_${spaceId}_idx ON chunks USING hnsw ((embedding::vector(${DIMS})) vector_cosine_ops) WHERE embedding_space = ${spaceId}`,
    );
    await client.exec('VACUUM ANALYZE');
    const indexS = (performance.now() - t) / 1000;
    await markLoaded(runOn(client), fingerprint, ownerId);
    kept = { ownerId };
    loadNote = `PGlite: ${chunkCount} chunks loaded in ${insertS.toFixed(0)} s (rows, GIN index, statistics), HNSW index and VACUUM ANALYZE ${indexS.toFixed(0)} s.`;
  }
  const ownerId = kept.ownerId;
  const version = (await client.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]!.v;
  await client.close();
  input.log(loadNote);
  const env = {
    DATA_DIR: dataDir,
    EMBEDDINGS_URL: input.embeddingsUrl,
    EMBEDDINGS_MODEL: MODEL,
    EMBEDDINGS_DIMENSIONS: String(DIMS),
    LOG_LEVEL: 'info',
  };
  const api = await startApi(env);
  // The comparison on PGlite: the same search through the REST route of the same server process
  // (same transport on both sides), on its own kept-alive node:http connection.
  const rest = new LeanGraphQLClient(api.graphqlUrl);
  const login = await rest.request<{ logIn: { token: string } }>(LOG_IN_TOKEN, { email: input.email, password: input.password });
  if (login.errors) throw new Error(`log in failed: ${JSON.stringify(login.errors)}`);
  rest.token = login.data!.logIn.token;
  let exact: Backend['exactTop'] | undefined;
  return {
    name: `PGlite (PostgreSQL ${version}, pgvector)`,
    chunks: chunkCount,
    vectors: true,
    notes: [
      loadNote,
      `PGlite runs single-threaded WebAssembly inside the server process. Vectors: 64-dimensional hashed bag-of-words from the loopback provider. Its "raw" columns are the same search through GET /api/search of the same server process (PGlite has one owner: nothing else can query it while the server runs).`,
    ],
    graphqlUrl: () => api.graphqlUrl,
    async raw(mode, query, first) {
      const t = performance.now();
      const params = new URLSearchParams({ q: query, first: String(first), mode });
      const res = await rest.getJson(`${api.baseUrl}/api/search?${params}`);
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`REST ${mode} ${query}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      return ms;
    },
    async exactTop(query, k) {
      if (!exact) {
        client = await open();
        exact = exactReference(async (q) => (await client.query(q.sql, q.params)).rows, ownerId, BM25);
      }
      return exact(query, k);
    },
    stopServer: async () => {
      rest.close();
      await api.stop();
    },
    async close() {
      rest.close();
      await api.stop();
      if (exact) await client.close();
    },
  };
}
