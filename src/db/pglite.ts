import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { childEntry } from '../app/child-entry.js';

/** The migrations, for both adapters (drizzle-kit writes them here). */
export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** The embedded database's buffer pool (BENCHMARKS.md, start time and memory). */
const PGLITE_SHARED_BUFFERS = '32MB';

/** Present in every initialised PostgreSQL data directory (written by initdb, never removed). */
const INITIALISED_MARKER = 'PG_VERSION';

/** Opens (creating it if new) the embedded database in `dir`, with pgvector. */
export async function createPgliteClient(dir: string): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const client = await PGlite.create(dir, {
    extensions: { vector },
    // PGlite's default shared_buffers (128 MB) is touched at start and held for the process's
    // life: a third of an idle API's RSS. The data files stay in the OS page cache anyway.
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
  });
  await client.exec('CREATE EXTENSION IF NOT EXISTS vector');
  return client;
}

/** Applies the migrations not applied yet (as the owner: PGlite has no other role). */
export async function migratePglite(client: PGlite): Promise<void> {
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  await migrate(drizzle({ client }), { migrationsFolder });
}

/**
 * Creates a new embedded database directory (initdb and every migration) in a child process,
 * so the server never holds what that costs: initdb and a first migration allocate several
 * hundred MB through the C allocator (wasm memories, data files, array buffers), and glibc keeps
 * about 200 MB of that heap mapped after it is freed, for the life of the process (BENCHMARKS.md,
 * ingest: API peak RSS). In a child it goes back to the system at exit, and the server opens the
 * finished directory as at every later start. An initialised directory is left alone (its new
 * migrations, after an upgrade, run in the server). A failing child fails the start with its
 * error, as a failing initdb in the server did.
 *
 * The child inherits this process's Node options, as the converter sandboxes do (tsx from the
 * TypeScript sources, app/child-entry.ts).
 */
export async function createPgliteDirectory(dir: string): Promise<{ created: boolean; ms: number }> {
  const started = performance.now();
  if (existsSync(path.join(dir, INITIALISED_MARKER))) return { created: false, ms: 0 };
  const error = await new Promise<string | undefined>((resolve) => {
    const stderr: Buffer[] = [];
    const { file, execArgv } = childEntry(import.meta.url, 'pglite-create');
    const child = fork(file, [dir], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    child.stderr?.on('data', (b: Buffer) => stderr.push(b));
    child.once('error', (err) => resolve(err.message));
    child.once('exit', (code, signal) =>
      resolve(code === 0 ? undefined : `exited with ${signal ?? code}: ${Buffer.concat(stderr).toString().slice(-800)}`),
    );
  });
  if (error) throw new Error(`could not create the embedded database in ${dir}: ${error}`);
  return { created: true, ms: Math.round(performance.now() - started) };
}
