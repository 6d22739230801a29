/**
 * The two databases the search bench runs on. Each sets up its data directly (a real server
 * process then serves it over GraphQL) and offers `raw`: the statements the search service
 * would send for one query, sent straight to the database, timed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import * as schema from '../src/db/schema/index.js';
import type { Db } from '../src/db/client.js';
import { OpenAiEmbedder } from '../src/embedder/openai-embedder.js';
import { embeddingText } from '../src/pipeline/embed.stage.js';
import { fusionDepth } from '../src/search/hybrid-search.js';
import { hydrateQuery, lexicalPageQuery, lexicalRankingSql } from '../src/db/repositories/search/lexical-repo.js';
import { lexicalQuery } from '../src/search/lexical-search.js';
import type { Bm25Params, EmbeddingSpace } from '../src/search/types.js';
import { reciprocalRankFusion } from '../src/search/rrf.js';
import { semanticRankingSql, vectorLiteral } from '../src/db/repositories/search/vector-repo.js';
import { startApi } from '../tests/helpers/processes.js';
import { hashEmbedding } from '../tests/integration/search-embeddings-server.js';
import type { BenchDoc } from './search-data.js';
import { dataFingerprint, keptDbName, markLoaded, reusableOwner } from './search-kept-db.js';
import { exactReference, type RankedRow } from './search-exact.js';
import { SHARED_COLLECTIONS, SHARED_USERS, shareAcrossUsers } from './search-shared.js';

export interface Backend {
  name: string;
  chunks: number;
  vectors: boolean;
  notes: string[];
  graphqlUrl(): string;
  raw(mode: 'LEXICAL' | 'HYBRID', query: string, first: number): Promise<number>;
  /** Exact BM25 top `k` computed independently of the search function (PGlite: after stopServer). */
  exactTop(query: string, k: number): Promise<RankedRow[]>;
  stopServer(): Promise<void>;
  close(): Promise<void>;
}

export interface BackendInput {
  docs: BenchDoc[];
  email: string;
  password: string;
  passwordHash: string;
  embeddingsUrl: string;
  log: (message: string) => void;
  /** The shared layout (bench/search-shared.ts): three users, ten collections; PostgreSQL only. */
  shared?: boolean;
}

type Exec = (q: { sql: string; params: unknown[] }) => Promise<{ id: string }[]>;
/** Runs `fn` in one transaction, as the search service does for the statements that need one. */
type InTx = <T>(fn: (exec: Exec) => Promise<T>) => Promise<T>;

const dialect = new PgDialect();
const toQuery = (s: SQL) => dialect.sqlToQuery(s);
const mockDb = drizzle.mock({ schema }) as unknown as Db;
export const MODEL = 'bench-hash';
/** The server's defaults (config.ts), so raw SQL ranks exactly as the API does. */
const DEFAULTS = loadConfig({});
export const BM25: Bm25Params = DEFAULTS.bm25;
/** The server's default list length (BM25_IMPACT_LIST_CHUNKS). */
export const LIST_CHUNKS = DEFAULTS.bm25ImpactListChunks;
export const DIMS = 64;
export const LOG_IN_TOKEN = /* GraphQL */ `
  mutation ($email: String!, $password: String!) {
    logIn(email: $email, password: $password) {
      token
    }
  }
`;

/** The search service's statements for one request, minus GraphQL, auth and the service layer. */
function rawSearcher(exec: Exec, inTx: InTx, ownerId: string, space: EmbeddingSpace | null, embeddingsUrl: string) {
  const embedder = new OpenAiEmbedder({ url: embeddingsUrl, model: MODEL, dimensions: DIMS });
  // What asSearchCaller does: the lexical match function scopes by app.user_id.
  const asCaller = <T>(fn: (exec: Exec) => Promise<T>) =>
    inTx(async (tx) => {
      await tx({ sql: `select set_config('app.user_id', $1, true)`, params: [ownerId] });
      return fn(tx);
    });
  return async (mode: 'LEXICAL' | 'HYBRID', text: string, first: number) => {
    const start = performance.now();
    const query = lexicalQuery(text);
    if (mode === 'LEXICAL' || !space) {
      await asCaller((tx) => tx(lexicalPageQuery(mockDb, ownerId, query, {}, first, BM25).toSQL()));
      return performance.now() - start;
    } else {
      const depth = fusionDepth(first);
      const lexical = () => asCaller((tx) => tx(toQuery(lexicalRankingSql(query, {}, depth, BM25, ownerId))) as Promise<{ id: string }[]>);
      const [lex, [vector]] = await Promise.all([lexical(), embedder.embed([text])]);
      const sem = await inTx(async (tx) => {
        await tx({
          sql: `select set_config('hnsw.ef_search', '100', true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`,
          params: [],
        });
        return tx(toQuery(semanticRankingSql(ownerId, vector!, space, {}, depth)));
      });
      const ids = reciprocalRankFusion(
        lex.map((r) => r.id),
        sem.map((r) => r.id),
      )
        .slice(0, first)
        .map((h) => h.id);
      if (ids.length) await exec(hydrateQuery(mockDb, query, {}, ids).toSQL());
    }
    return performance.now() - start;
  };
}

const CHUNK_COLUMNS = [
  'id',
  'document_id',
  'owner_id',
  'index',
  'content',
  'text',
  'headings',
  'heading_text',
  'page_start',
  'page_end',
  'char_start',
  'char_end',
  'token_count',
  'ts_config',
];

/** Sends one parameterised statement (postgres.js or PGlite). */
type SendSql = (sql: string, params: unknown[]) => Promise<unknown>;

/** The user and its documents, in multi-row INSERTs of `batch` documents. */
async function insertUserAndDocuments(exec: SendSql, input: BackendInput, ownerId: string, batch: number) {
  await exec('insert into users (id, email, password_hash) values ($1, $2, $3)', [ownerId, input.email, input.passwordHash]);
  for (let i = 0; i < input.docs.length; i += batch) {
    const params: unknown[] = [];
    const rows = input.docs.slice(i, i + batch).map((d) => {
      const v = [d.id, ownerId, d.filename, d.mimeType, randomUUID().replace(/-/g, ''), d.language];
      const [a, b, c, m, h, l] = v.map((x) => `$${params.push(x)}`);
      return `(${a}, ${b}, ${c}, ${m}, 1000, ${h}, ${h}, 'INDEXED', ${l}, '')`;
    });
    await exec(
      `insert into documents (id, owner_id, filename, mime_type, size_bytes, sha256, storage_key, status, language, markdown) values ${rows.join(', ')}`,
      params,
    );
  }
}

/**
 * Chunks in multi-row INSERTs of `batch` rows (plus vectors when `space` is given); `onBatch`
 * hears how many rows are in after each statement.
 */
async function insertChunks(
  exec: SendSql,
  chunks: BackendInput['docs'][number]['chunks'],
  ownerId: string,
  space: EmbeddingSpace | null,
  batch: number,
  onBatch: (done: number) => void = () => {},
) {
  const cols = space ? [...CHUNK_COLUMNS, 'embedding', 'embedding_space'] : CHUNK_COLUMNS;
  for (let i = 0; i < chunks.length; i += batch) {
    const params: unknown[] = [];
    const rows = chunks.slice(i, i + batch).map((c) => {
      const values: unknown[] = [
        c.id,
        c.documentId,
        ownerId,
        c.index,
        c.content,
        c.text,
        c.headings,
        c.headingText,
        c.pageStart,
        c.pageEnd,
        c.charStart,
        c.charEnd,
        c.tokenCount,
        c.tsConfig,
      ];
      if (space) values.push(vectorLiteral(hashEmbedding(embeddingText(c), DIMS)), space.id);
      return `(${values.map((v) => `$${params.push(v)}`).join(', ')})`;
    });
    await exec(`insert into chunks (${cols.join(', ')}) values ${rows.join(', ')}`, params);
    onBatch(Math.min(i + batch, chunks.length));
  }
}

/** Multi-row INSERTs of users, documents and chunks (plus vectors when `space` is given). */
export async function insertAll(exec: SendSql, input: BackendInput, ownerId: string, space: EmbeddingSpace | null, batch: number) {
  await insertUserAndDocuments(exec, input, ownerId, batch);
  const chunks = input.docs.flatMap((d) => d.chunks);
  await insertChunks(exec, chunks, ownerId, space, batch);
  return chunks.length;
}

/**
 * What the chunk triggers and the fold would have written for a bulk load with the statistics
 * trigger off: the statistics counted once exactly as migration 0008 fills them for existing
 * chunks (the same query), then the impact lists of every common word (migration 0018), built in
 * one pass as the fold builds them.
 */
export async function countStatistics(exec: SendSql, ownerId: string) {
  await exec(
    `insert into bm25_term_stats (owner_id, lexeme, df, len_head, len_body)
     select c.owner_id, c.ts_config::text || ' ' || u.lexeme, count(*), 0, 0 from chunks c, unnest(c.search_vector) u where c.owner_id = $1 group by 1, 2
     union all
     select c.owner_id, c.ts_config::text, count(*), sum(c.len_head), sum(c.len_body) from chunks c where c.owner_id = $1 group by 1, 2`,
    [ownerId],
  );
  await exec(
    `select docsphere_bm25_build_impact_lists($1::uuid, array(select s.lexeme from bm25_term_stats s
       where s.owner_id = $1::uuid and s.df > $5::integer and strpos(s.lexeme, ' ') > 0), $2::float8, $3::float8, $4::float8, $5::integer)`,
    [ownerId, BM25.k1, BM25.b, BM25.headingWeight, LIST_CHUNKS],
  );
}

/**
 * Bulk load for PostgreSQL, fast enough for 1M chunks: documents and chunks in multi-row INSERTs
 * of thousands of rows, with the GIN index dropped and the BM25 statistics trigger disabled while
 * loading; then the index is built once, the statistics are counted once exactly as migration
 * 0008 fills them for existing chunks (the same query), and VACUUM ANALYZE runs. The row trigger
 * that measures field lengths stays on. Returns the number of chunks.
 */
export async function bulkLoadPostgres(
  sql: postgres.Sql,
  input: BackendInput,
  ownerId: string,
  log: (m: string) => void = () => {},
): Promise<number> {
  const exec = (q: string, p: unknown[]) => sql.unsafe(q, p as never[]);
  await insertUserAndDocuments(exec, input, ownerId, 2000);
  await exec('alter table chunks disable trigger chunks_bm25_inserted', []);
  await exec('drop index if exists chunks_search_idx', []);
  const chunks = input.docs.flatMap((d) => d.chunks);
  let t = performance.now();
  // The load is CPU-bound in the database (three text analyses a row): one stream per
  // connection, LOAD_STREAMS at once. 4000 rows of 14 parameters stay under 65535 parameters.
  const streams = Math.max(1, Number(process.env.BENCH_LOAD_STREAMS ?? 2));
  const share = Math.ceil(chunks.length / streams);
  const done = new Array<number>(streams).fill(0);
  let statements = 0;
  await Promise.all(
    done.map((_, s) =>
      insertChunks(exec, chunks.slice(s * share, (s + 1) * share), ownerId, null, 4000, (n) => {
        done[s] = n;
        const total = done.reduce((a, b) => a + b, 0);
        if (++statements % 25 === 0) log(`  ${total} chunks, ${(total / ((performance.now() - t) / 1000)).toFixed(0)} chunks/s`);
      }),
    ),
  );
  log(`  rows: ${((performance.now() - t) / 1000).toFixed(0)} s`);
  t = performance.now();
  await exec('alter table chunks enable trigger chunks_bm25_inserted', []);
  await sql.begin(async (tx) => {
    await tx.unsafe(`set local maintenance_work_mem = '256MB'`);
    await tx.unsafe('create index chunks_search_idx on chunks using gin (search_vector)');
  });
  log(`  GIN index: ${((performance.now() - t) / 1000).toFixed(0)} s`);
  t = performance.now();
  await countStatistics(exec, ownerId);
  await exec('vacuum analyze', []);
  log(`  statistics and VACUUM ANALYZE: ${((performance.now() - t) / 1000).toFixed(0)} s`);
  return chunks.length;
}

export async function postgresBackend(input: BackendInput): Promise<Backend | null> {
  const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const chunkCount = input.docs.reduce((n, d) => n + d.chunks.length, 0);
  const dbName = `${keptDbName(chunkCount)}${input.shared ? '_shared' : ''}`;
  const fingerprint = `${dataFingerprint(input.docs, LIST_CHUNKS)}${input.shared ? '-shared' : ''}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  let kept: { ownerId: string } | null = null;
  try {
    const exists = (await admin`select 1 from pg_database where datname = ${dbName}`).length > 0;
    if (exists && !process.env.BENCH_PG_RELOAD) {
      const probe = postgres(url.toString(), { max: 1, onnotice: () => {} });
      kept = await reusableOwner((q, p = []) => probe.unsafe(q, p as never[]), fingerprint);
      await probe.end();
    }
    if (exists && !kept) await admin.unsafe(`drop database ${dbName} with (force)`);
    if (!kept) await admin.unsafe(`create database ${dbName}`);
  } catch (err) {
    input.log(`PostgreSQL unavailable: ${(err as Error).message}`);
    await admin.end();
    return null;
  }
  input.log(kept ? `PostgreSQL: reusing ${dbName} (fingerprint ${fingerprint})` : `PostgreSQL: loading ${dbName}`);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'docsphere-bench-'));
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: url.toString(),
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `bench${process.pid}`,
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-signing',
    LOG_LEVEL: 'info',
  };
  let api: Awaited<ReturnType<typeof startApi>>;
  try {
    api = await startApi(env); // runs the migrations (only new ones on a kept database)
  } catch (err) {
    if (!kept) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    throw err;
  }
  const sql = postgres(url.toString(), { max: 4, onnotice: () => {} });
  let ownerId: string;
  let loadNote: string;
  if (kept) {
    ownerId = kept.ownerId;
    loadNote = `PostgreSQL: database kept from an earlier run with the same data and migrations (fingerprint ${fingerprint}).`;
  } else {
    ownerId = randomUUID();
    const t = performance.now();
    await bulkLoadPostgres(sql, input, ownerId, input.log);
    if (input.shared) {
      const docIds = input.docs.map((d) => d.id);
      await shareAcrossUsers((q, p) => sql.unsafe(q, p as never[]), ownerId, docIds, input.passwordHash, BM25, LIST_CHUNKS, input.log);
    }
    await markLoaded((q, p = []) => sql.unsafe(q, p as never[]), fingerprint, ownerId);
    const s = (performance.now() - t) / 1000;
    loadNote = `PostgreSQL: ${chunkCount} chunks loaded in ${s.toFixed(0)} s (${(chunkCount / s).toFixed(0)} chunks/s including index, statistics and VACUUM ANALYZE).`;
  }
  input.log(loadNote);
  const [{ version }] = (await sql`select current_setting('server_version') as version`) as unknown as [{ version: string }];
  const exec: Exec = (q) => sql.unsafe(q.sql, q.params as never[]) as unknown as Promise<{ id: string }[]>;
  // Boxed: postgres.js would take a returned array for a list of queries.
  const inTx: InTx = async <T>(fn: (exec: Exec) => Promise<T>) => {
    const box = (await sql.begin(async (tx) => ({
      value: await fn((q) => tx.unsafe(q.sql, q.params as never[]) as unknown as Promise<{ id: string }[]>),
    }))) as { value: T };
    return box.value;
  };
  return {
    name: `PostgreSQL ${version}${input.shared ? `, ${SHARED_USERS} users × ${SHARED_COLLECTIONS} collections` : ''}`,
    chunks: chunkCount,
    vectors: false,
    notes: [
      loadNote,
      `PostgreSQL ${version} has no pgvector here: HYBRID answers lexically (the documented fallback), so it measures that path.`,
    ],
    graphqlUrl: () => api.graphqlUrl,
    raw: rawSearcher(exec, inTx, ownerId, null, input.embeddingsUrl),
    exactTop: exactReference(exec, input.shared ? null : ownerId, BM25),
    stopServer: async () => void (await api.stop()),
    async close() {
      await api.stop();
      await sql.end();
      if (process.env.BENCH_PG_DROP) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
