import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { startApi, startWorker, tempDataDir, type RunningProcess } from '../helpers/processes.js';
import { startTestS3, type TestS3 } from '../helpers/s3-server.js';

const run = promisify(execFile);
const PG_VERSION = process.env.FAULT_PG_VERSION ?? '15';

/**
 * Private Redis and PostgreSQL for destructive fault tests (FLUSHALL, database restart). The
 * machine's shared 6379/5432 are used by other people and suites at the same time, so these
 * tests never touch them: each run starts its own instances on free ports and removes them after.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Needs redis-server and Debian's postgresql-common tools, as root. On CI a gap fails the run. */
export const privateServicesAvailable = async () => {
  let ok: boolean;
  try {
    await run('which', ['redis-server', 'pg_createcluster', 'pg_ctlcluster']);
    ok = process.getuid?.() === 0;
  } catch {
    ok = false;
  }
  if (!ok && process.env.CI) throw new Error('fault tests need root, redis-server and pg_createcluster on CI');
  if (!ok) console.warn('[skip] fault tests need root, redis-server and pg_createcluster');
  return ok;
};

export interface PrivateRedis {
  url: string;
  flushAll(): Promise<void>;
  stop(): Promise<void>;
}

/** No persistence at all: a FLUSHALL or restart really loses every job, as the spec demands. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: (n) => (n > 50 ? null : 100) });
  for (let i = 0; ; i++) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch (err) {
      if (i > 50) throw err;
      client.disconnect();
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    async flushAll() {
      await client.flushall();
    },
    async stop() {
      client.disconnect();
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

export interface PrivatePostgres {
  url: string;
  sql: postgres.Sql;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A throw-away cluster (trust auth, no fsync: nothing here must survive a power cut). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const name = `dsfault${process.pid}`;
  await run('pg_createcluster', [
    PG_VERSION,
    name,
    '-p',
    String(port),
    '-o',
    'fsync=off',
    '-o',
    'synchronous_commit=off',
    '--start',
    '--',
    '-A',
    'trust',
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  return {
    url,
    sql,
    async restart() {
      await run('pg_ctlcluster', [PG_VERSION, name, 'restart', '-m', 'fast']);
    },
    async stop() {
      await sql.end({ timeout: 2 }).catch(() => {});
      await run('pg_dropcluster', [PG_VERSION, name, '--stop']).catch(() => {});
    },
  };
}

export interface PrivateDeployment {
  redis: PrivateRedis;
  pg: PrivatePostgres;
  env: Record<string, string>;
  /** Set when originals live in S3 (option `s3`, or FAULT_STORAGE=s3 for the whole fault suite). */
  s3?: TestS3;
  api: RunningProcess & { graphqlUrl: string };
  worker: RunningProcess;
  /** Kills the API with SIGKILL and starts a new one. */
  restartApi(): Promise<RunningProcess>;
  /** Starts a new worker process (after the test killed the previous one). */
  restartWorker(): Promise<RunningProcess>;
  stop(): Promise<void>;
}

/** Services mode on private instances: a worker process and an API process, as in production. */
export async function deployPrivate(extraEnv: Record<string, string>, options: { s3?: boolean } = {}): Promise<PrivateDeployment> {
  const [redis, pg] = await Promise.all([startPrivateRedis(), startPrivatePostgres()]);
  const s3 = options.s3 || process.env.FAULT_STORAGE === 's3' ? await startTestS3() : undefined;
  const env = {
    DATA_DIR: await tempDataDir(),
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'fault',
    JWT_SECRET: 'fault-test-secret-that-is-long-enough-for-hs256',
    WORKER_CONCURRENCY: '2',
    ...s3?.env,
    ...extraEnv,
  };
  const worker = await startWorker(env);
  const api = await startApi(env);
  const d: PrivateDeployment = {
    redis,
    pg,
    env,
    s3,
    api,
    worker,
    async restartApi() {
      await d.api.stop('SIGKILL');
      d.api = await startApi(env);
      return d.api;
    },
    async restartWorker() {
      await d.worker.stop('SIGKILL');
      d.worker = await startWorker(env);
      return d.worker;
    },
    async stop() {
      await Promise.all([d.api.stop(), d.worker.stop()]);
      await Promise.all([redis.stop(), pg.stop(), s3?.stop()]);
    },
  };
  return d;
}
