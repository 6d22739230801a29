/**
 * A loaded PostgreSQL bench database kept across runs. Loading 1M chunks takes many minutes (the
 * database analyses every row three times: the generated tsvector and the two field lengths), so
 * the bench keeps the database it loaded and uses it again when nothing that shaped it changed:
 *   - the data: a hash of every generated chunk (text, headings, configuration, position) and of the
 *     documents' shape, so a change to the corpus, the chunker or bench/search-data.ts reloads;
 *   - the schema and triggers: every migration the database already ran must still have the hash
 *     drizzle recorded for it (an edited migration reloads); new migrations are simply applied by
 *     the server at start, as on a production database.
 * The fingerprint and the owner live in `bench_meta`, written last, so an interrupted load is
 * never reused. BENCH_PG_RELOAD=1 forces a reload; BENCH_PG_DROP=1 drops the database afterwards.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { BenchDoc } from './search-data.js';
import { ROOT } from './tools.js';

/**
 * The data fingerprint: what the generated documents hold, not their random ids, and the length
 * of the impact lists built with them (`listChunks`: lists of another length rank the same but
 * measure something else).
 */
export function dataFingerprint(docs: BenchDoc[], listChunks: number): string {
  const h = createHash('sha256');
  h.update(`docs ${docs.length} lists ${listChunks}\n`);
  for (const d of docs) {
    h.update(`${d.filename}\0${d.mimeType}\0${d.language ?? ''}\0${d.chunks.length}\n`);
    for (const c of d.chunks) {
      h.update(`${c.index}\0${c.tsConfig}\0${c.headingText}\0${c.pageStart}-${c.pageEnd}\0${c.charStart}-${c.charEnd}\0${c.tokenCount}\0`);
      h.update(c.content);
      h.update('\0');
      h.update(c.text);
      h.update('\n');
    }
  }
  return h.digest('hex').slice(0, 16);
}

/** Name of the kept database for `chunks` chunks (one per size, so sizes do not evict each other). */
export const keptDbName = (chunks: number) => `docsphere_bench_search_${chunks}`;

/** One statement on either driver (postgres.js or PGlite), rows back. */
export type RunSql = (sql: string, params?: unknown[]) => Promise<unknown[]>;

interface KeptState {
  ownerId: string;
}

/**
 * The owner of a kept database that can be used as is, or null when it must be (re)loaded:
 * missing, interrupted, other data, or a migration it ran has changed since.
 */
export async function reusableOwner(run: RunSql, fingerprint: string): Promise<KeptState | null> {
  if (!(await run(`select 1 from pg_tables where schemaname = 'public' and tablename = 'bench_meta'`)).length) return null;
  const [meta] = (await run(`select owner_id::text as "ownerId", fingerprint from bench_meta limit 1`)) as {
    ownerId: string;
    fingerprint: string;
  }[];
  if (!meta || meta.fingerprint !== fingerprint) return null;
  const applied = (await run(`select hash from drizzle.__drizzle_migrations order by created_at`)) as { hash: string }[];
  const current = new Set(readMigrationFiles({ migrationsFolder: path.join(ROOT, 'drizzle') }).map((m) => m.hash));
  if (applied.some((m) => !current.has(m.hash))) return null;
  return { ownerId: meta.ownerId };
}

/** Marks a finished load, so the next run can reuse it. */
export async function markLoaded(run: RunSql, fingerprint: string, ownerId: string): Promise<void> {
  await run(
    `create table if not exists bench_meta (owner_id uuid not null, fingerprint text not null, loaded_at timestamptz not null default now())`,
  );
  await run(`delete from bench_meta`);
  await run(`insert into bench_meta (owner_id, fingerprint) values ($1, $2)`, [ownerId, fingerprint]);
}
