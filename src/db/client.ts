import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import * as schema from './schema/index.js';
import { createPgliteClient, createPgliteDirectory, migratePglite, migrationsFolder } from './pglite.js';
import { APP_ROLE, WORKER_ROLE, tenantScopedClient, tenantScopedPglite } from '../security/rls-client.js';

/**
 * The database port. Both adapters (PGlite in the embedded default, postgres.js in services
 * mode) yield the same drizzle `PgDatabase`, so repositories and services never know which one
 * they are talking to.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Repositories accept either, so a service can compose several writes in one transaction. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  dialect: 'pglite' | 'postgres';
  /** Whether pgvector is available (semantic search degrades to lexical when it is not). */
  hasVector: boolean;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Any fixed number: all processes serialise their migrations on this advisory lock. */
const MIGRATION_LOCK = 727_274_001;

/**
 * `role` picks the PostgreSQL role of the runtime pool in services mode: the API runs as
 * docsphere_app (row-level security, per-user scope), the pipeline as docsphere_worker.
 */
export async function openDatabase(config: Config, log: Logger, role: 'app' | 'worker' = 'app'): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, log, { migrationUrl: config.databaseMigrationUrl ?? config.databaseUrl, role })
    : openPglite(config.dataDir, log);
}

async function openPglite(dataDir: string, log: Logger): Promise<Database> {
  const { drizzle } = await import('drizzle-orm/pglite');
  const dir = path.join(dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const created = await createPgliteDirectory(dir);
  if (created.created) log.info({ dir, ms: created.ms }, 'embedded database created');
  const client = await createPgliteClient(dir);
  const db = drizzle({ client: tenantScopedPglite(client), schema }) as unknown as Db;
  await migratePglite(client);
  log.info({ dir }, 'embedded database ready');
  return {
    db,
    dialect: 'pglite',
    hasVector: true,
    ping: async () => void (await client.query('select 1')),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, log: Logger, opts: { migrationUrl: string; role: 'app' | 'worker' }): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');

  // A single-connection client, so the session advisory lock covers every migration statement
  // while several API and worker processes start at once.
  const migrator = postgres(opts.migrationUrl, { max: 1, onnotice: () => {} });
  try {
    await migrator`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle({ client: migrator }), { migrationsFolder });
    await migrator`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await migrator.end({ timeout: 5 });
  }

  // The runtime pool never uses the owner role: the startup `role` makes every connection the
  // restricted role (RESET ROLE returns to it), and the scoped client sets app.user_id.
  const role = opts.role === 'worker' ? WORKER_ROLE : APP_ROLE;
  const client = postgres(url, { max: 10, onnotice: () => {}, connection: { role } });
  const db = drizzle({ client: tenantScopedClient(client), schema }) as unknown as Db;
  const [ext] = await client<{ available: boolean }[]>`
    select exists(select 1 from pg_extension where extname = 'vector') as available`;
  const hasVector = Boolean(ext?.available);
  log.info({ hasVector }, 'database ready');
  return {
    db,
    dialect: 'postgres',
    hasVector,
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => client.end({ timeout: 5 }),
  };
}
