import type { TestProject } from 'vitest/node';
import postgres from 'postgres';
import { Redis } from 'ioredis';

/**
 * Finds the services the services-mode suites need. On CI (CI set) a missing service fails the
 * run; on a developer machine the suites that need it are skipped, with the reason printed.
 */
const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** One database per run, so parallel runs (developers, CI) never drop each other's data. */
const TEST_DB = `docsphere_test_${process.pid}_${Date.now().toString(36)}`;

declare module 'vitest' {
  export interface ProvidedContext {
    services: { databaseUrl: string; redisUrl: string; redisPrefix: string } | null;
    servicesSkipReason: string | null;
  }
}

async function withAdmin<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(ADMIN_URL, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    return await fn(admin);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

async function preparePostgres(): Promise<string> {
  await withAdmin((sql) => sql.unsafe(`CREATE DATABASE ${TEST_DB}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${TEST_DB}`;
  return url.toString();
}

async function checkRedis(): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

export default async function setup(project: TestProject) {
  const problems: string[] = [];
  let databaseUrl: string | undefined;
  try {
    databaseUrl = await preparePostgres();
  } catch (err) {
    problems.push(`PostgreSQL at ${ADMIN_URL}: ${(err as Error).message}`);
  }
  try {
    await checkRedis();
  } catch (err) {
    problems.push(`Redis at ${REDIS_URL}: ${(err as Error).message}`);
  }
  if (problems.length) {
    const reason = `services-mode suites need PostgreSQL and Redis (${problems.join('; ')})`;
    if (process.env.CI) throw new Error(`CI is set and a service is missing: ${reason}`);
    console.warn(`\n[skip] ${reason}\n`);
    project.provide('services', null);
    project.provide('servicesSkipReason', reason);
    return;
  }
  project.provide('services', {
    databaseUrl: databaseUrl!,
    redisUrl: REDIS_URL,
    redisPrefix: `dstest${process.pid}${Date.now().toString(36)}`,
  });
  project.provide('servicesSkipReason', null);
  return async () => {
    await withAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${TEST_DB} WITH (FORCE)`)).catch(() => {});
  };
}
