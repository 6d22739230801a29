import path from 'node:path';
import { z } from 'zod';

/**
 * The only reader of `process.env`. Everything else receives a typed, validated Config, so a
 * misconfigured deployment fails at start with a readable message instead of at first use.
 *
 * The mode follows from what is set: with DATABASE_URL and REDIS_URL the server uses PostgreSQL,
 * BullMQ and Redis pub/sub; with neither it is the embedded default (PGlite, in-process jobs,
 * in-memory pub/sub), which must work on a fresh machine with no environment at all.
 */

const bytes = z.coerce.number().int().positive();
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z.string().url().optional(),
    REDIS_URL: z.string().url().optional(),
    /** Namespaces BullMQ keys and pub/sub channels, so several deployments (or test runs) share one Redis. */
    REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('docsphere'),
    JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
    JWT_TTL: z.string().regex(/^\d+[smhd]$/, 'JWT_TTL like 15m, 12h or 7d').default('7d'),
    MAX_FILE_SIZE: bytes.default(50 * 1024 * 1024),
    MAX_FILES: z.coerce.number().int().positive().default(20),
    /** Parallel pipeline jobs per worker process. */
    WORKER_CONCURRENCY: z.coerce.number().int().positive().max(64).default(2),
    /** How many times a job is tried before the document is marked FAILED. */
    JOB_ATTEMPTS: z.coerce.number().int().positive().max(20).default(3),
    /** Start in-process workers in the API process; defaults to on in the embedded mode only. */
    RUN_WORKERS: flag.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    GRAPHIQL: flag.optional(),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.DATABASE_URL) !== Boolean(env.REDIS_URL)) {
      ctx.addIssue({
        code: 'custom',
        message: 'Set both DATABASE_URL and REDIS_URL (services mode) or neither (embedded mode)',
        path: [env.DATABASE_URL ? 'REDIS_URL' : 'DATABASE_URL'],
      });
    }
    if (env.DATABASE_URL && !env.JWT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        message: 'JWT_SECRET is required in services mode (every process must share it)',
        path: ['JWT_SECRET'],
      });
    }
  });

export type Mode = 'embedded' | 'services';

export interface Config {
  mode: Mode;
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  filesDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  redisPrefix: string;
  jwtSecret?: string;
  jwtTtl: string;
  maxFileSize: number;
  maxFiles: number;
  workerConcurrency: number;
  jobAttempts: number;
  runWorkers: boolean;
  logLevel: string;
  graphiql: boolean;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || 'env'}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mode: Mode = e.DATABASE_URL ? 'services' : 'embedded';
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    mode,
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    filesDir: path.join(dataDir, 'files'),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    jwtSecret: e.JWT_SECRET,
    jwtTtl: e.JWT_TTL,
    maxFileSize: e.MAX_FILE_SIZE,
    maxFiles: e.MAX_FILES,
    workerConcurrency: e.WORKER_CONCURRENCY,
    jobAttempts: e.JOB_ATTEMPTS,
    runWorkers: e.RUN_WORKERS ?? mode === 'embedded',
    logLevel: e.LOG_LEVEL,
    graphiql: e.GRAPHIQL ?? e.NODE_ENV !== 'production',
  };
}
