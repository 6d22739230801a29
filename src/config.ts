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
/** Compose passes `${VAR:-}` as an empty string: for these optional settings empty means unset. */
const unsetIfEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);
const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z.string().url().optional(),
    REDIS_URL: z.string().url().optional(),
    /** Namespaces BullMQ keys and pub/sub channels, so several deployments (or test runs) share one Redis. */
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .default('docsphere'),
    JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
    JWT_TTL: z
      .string()
      .regex(/^\d+[smhd]$/, 'JWT_TTL like 15m, 12h or 7d')
      .default('15m'),
    /** Lifetime of a refresh token; each use rotates it, so this bounds an idle session. */
    REFRESH_TOKEN_TTL: z
      .string()
      .regex(/^\d+[smhd]$/, 'REFRESH_TOKEN_TTL like 12h or 30d')
      .default('30d'),
    /** Seconds after a refresh token is spent during which presenting it again (two tabs refreshing at once) answers with the same successor instead of counting as reuse. */
    REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
    /** Services mode: run migrations with this (owner) URL while DATABASE_URL may be a restricted login. */
    DATABASE_MIGRATION_URL: z.string().url().optional(),
    /** Abuse limits (graphql-armor) applied to every HTTP and WebSocket operation. */
    GRAPHQL_MAX_DEPTH: z.coerce.number().int().positive().default(10),
    GRAPHQL_MAX_ALIASES: z.coerce.number().int().nonnegative().default(15),
    GRAPHQL_MAX_TOKENS: z.coerce.number().int().positive().default(2000),
    GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().nonnegative().default(20),
    GRAPHQL_MAX_COST: z.coerce.number().int().positive().default(5000),
    INTROSPECTION: flag.optional(),
    /** Rate limits (per user and per IP); login attempts per 15 minutes per email+IP. */
    RATE_LOGIN_PER_15M: z.coerce.number().int().positive().default(10),
    RATE_UPLOADS_PER_MIN: z.coerce.number().int().positive().default(60),
    RATE_EXTRACT_PER_MIN: z.coerce.number().int().positive().default(30),
    MAX_FILE_SIZE: bytes.default(50 * 1024 * 1024),
    MAX_FILES: z.coerce.number().int().positive().default(20),
    /** Parallel pipeline jobs per worker process. */
    WORKER_CONCURRENCY: z.coerce.number().int().positive().max(64).default(2),
    /** How many times a job is tried before the document is marked FAILED. */
    JOB_ATTEMPTS: z.coerce.number().int().positive().max(20).default(3),
    /** Wall-clock limit of one conversion; the sandbox is killed when it is over (TIMEOUT). */
    CONVERT_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
    /** RSS cap of one converter sandbox, in MB (RESOURCE_LIMIT when over); a 45 MB PDF peaks near 1.4 GB. */
    CONVERT_MEMORY_MB: z.coerce.number().int().min(64).default(2048),
    /** Paged documents (PDF) with more pages are refused before conversion (RESOURCE_LIMIT). */
    CONVERT_MAX_PAGES: z.coerce.number().int().positive().default(2000),
    /** OCR worker pool size per converter process; default: one per CPU (os.availableParallelism). */
    OCR_WORKERS: z.coerce.number().int().positive().max(64).optional(),
    /**
     * The languages OCR may read a page in, tesseract codes joined by '+' or ',' (installed:
     * eng, deu, fra), most likely first; each page is read in the one its script and words
     * point to. An upload's own `languages` replace this set.
     */
    OCR_LANGUAGES: z
      .string()
      .regex(/^[a-z_]{3,8}([+,][a-z_]{3,8})*$/)
      .default('eng+deu+fra'),
    /** A job whose worker stopped renewing its lock for this long is handed to another worker. */
    JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
    /** How often the worker role looks for documents that lost their job (flushed Redis, dead worker). */
    RECONCILE_INTERVAL_MS: z.coerce.number().int().min(200).default(30_000),
    /** How often the worker role folds the BM25 statistics deltas that indexing appends (searches read at most this much unfolded). */
    BM25_FOLD_INTERVAL_MS: z.coerce.number().int().min(100).default(2_000),
    /**
     * A word in more chunks of a statistics scope than this gets an impact-ordered list there, of
     * this many postings (migration 0018). The words below it are the ones a search scores whole,
     * so it bounds that work: 250 beat 1000 by 1.5-2 times at 100k chunks (BENCHMARKS.md, Search).
     */
    BM25_IMPACT_LIST_CHUNKS: z.coerce.number().int().min(1).max(1_000_000).default(250),
    /** SIGTERM: running jobs get this long to finish before they are handed back. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(20_000),
    /** Start in-process workers in the API process; defaults to on in the embedded mode only. */
    RUN_WORKERS: flag.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** auto: readable lines when stdout is a terminal, JSON lines otherwise (containers, log shippers). */
    LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
    GRAPHIQL: flag.optional(),
    /** Worker processes serve Prometheus /metrics on this port (0 = any free port); unset = off. */
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    /** OpenAI-compatible embeddings endpoint (base URL, e.g. http://127.0.0.1:11434/v1); unset: semantic search is off. */
    EMBEDDINGS_URL: z.string().url().optional(),
    EMBEDDINGS_MODEL: z.string().min(1).default('text-embedding-3-small'),
    /** Sent as a bearer token; never logged. */
    EMBEDDINGS_API_KEY: z.string().min(1).optional(),
    /** Requested from the provider and used for the vector index; unset: taken from the first response. */
    EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(1).max(16000).optional(),
    /** BM25 term-frequency saturation; 2 was best on NFCorpus dev (Lucene ships 1.2; BENCHMARKS.md, Retrieval). */
    SEARCH_BM25_K1: z.coerce.number().min(0).max(10).default(2),
    /** BM25 length normalisation, 0 (none) to 1 (full). */
    SEARCH_BM25_B: z.coerce.number().min(0).max(1).default(0.75),
    /** BM25F: how many body tokens one heading token counts as, in term frequency and length. */
    SEARCH_HEADING_WEIGHT: z.coerce.number().min(0).max(20).default(2),
    CHUNK_MAX_TOKENS: z.coerce.number().int().min(64).max(8192).default(512),
    CHUNK_OVERLAP_TOKENS: z.coerce.number().int().min(0).max(1024).default(48),
    /** WebSocket limits per user and API process; over them a socket closes with 4429. */
    WS_MAX_SOCKETS_PER_USER: z.coerce.number().int().positive().default(20),
    WS_MAX_SUBSCRIPTIONS_PER_USER: z.coerce.number().int().positive().default(100),
    /** WebSocket ping interval; a socket that does not answer within one more interval is dropped. */
    WS_KEEPALIVE_MS: z.coerce.number().int().min(100).default(12_000),
    /** Where originals live: unset = DATA_DIR/files; `s3://bucket/optional/prefix` = S3-compatible object storage. */
    STORAGE_URL: unsetIfEmpty(
      z
        .string()
        .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'STORAGE_URL like s3://bucket/prefix')
        .optional(),
    ),
    /** The standard AWS variables; unset credentials fall back to the SDK's chain (instance or pod role). */
    AWS_REGION: z.string().min(1).default('us-east-1'),
    AWS_ACCESS_KEY_ID: unsetIfEmpty(z.string().min(1).optional()),
    AWS_SECRET_ACCESS_KEY: unsetIfEmpty(z.string().min(1).optional()),
    AWS_SESSION_TOKEN: unsetIfEmpty(z.string().min(1).optional()),
    /** MinIO, Ceph, R2…: the endpoint of the S3 API (AWS_ENDPOINT_URL_S3 is the SDK's own name for it). */
    AWS_ENDPOINT_URL_S3: unsetIfEmpty(z.string().url().optional()),
    S3_ENDPOINT: unsetIfEmpty(z.string().url().optional()),
    /** Bucket in the path instead of the host name; most self-hosted servers (MinIO) want it. */
    S3_FORCE_PATH_STYLE: unsetIfEmpty(flag.optional()),
    /** Server-side encryption asked for on every object: AES256 (SSE-S3) or aws:kms (with S3_SSE_KMS_KEY_ID). */
    S3_SSE: unsetIfEmpty(z.enum(['AES256', 'aws:kms']).optional()),
    S3_SSE_KMS_KEY_ID: unsetIfEmpty(z.string().min(1).optional()),
    /** Tries per S3 request (the SDK's retry with backoff and jitter). */
    S3_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    /** Staged uploads and unreferenced originals older than this are removed by the sweeper. */
    STORAGE_ORPHAN_AGE_MS: z.coerce.number().int().min(0).default(3_600_000),
    /** How often the worker role sweeps storage for leftovers of crashed uploads. */
    STORAGE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(200).default(3_600_000),
    /** A folder whose new files are ingested for WATCH_OWNER (an existing user's email). */
    WATCH_DIR: unsetIfEmpty(z.string().min(1).optional()),
    WATCH_OWNER: unsetIfEmpty(z.string().email().optional()),
    /** Reserved: collections do not exist yet; setting it is refused rather than ignored. */
    WATCH_COLLECTION: unsetIfEmpty(z.string().min(1).optional()),
    WATCH_POLL_MS: z.coerce.number().int().min(50).default(2000),
    /** A file is taken once its size and modification time stayed the same for this long. */
    WATCH_STABLE_MS: z.coerce.number().int().min(0).default(2000),
    /** Allow webhook targets on loopback, private, link-local and other non-public addresses. */
    WEBHOOK_ALLOW_PRIVATE: unsetIfEmpty(flag.optional()),
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(10),
    /** First retry delay of a failed delivery; doubles per attempt, capped at one hour. */
    WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).default(30_000),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    WEBHOOK_POLL_MS: z.coerce.number().int().min(50).default(1000),
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
    if (env.WATCH_DIR && !env.WATCH_OWNER) {
      ctx.addIssue({ code: 'custom', message: 'WATCH_OWNER (a user email) is required with WATCH_DIR', path: ['WATCH_OWNER'] });
    }
    if (env.WATCH_COLLECTION) {
      ctx.addIssue({ code: 'custom', message: 'collections do not exist yet; unset WATCH_COLLECTION', path: ['WATCH_COLLECTION'] });
    }
    if (env.S3_SSE_KMS_KEY_ID && env.S3_SSE !== 'aws:kms') {
      ctx.addIssue({ code: 'custom', message: 'S3_SSE_KMS_KEY_ID needs S3_SSE=aws:kms', path: ['S3_SSE'] });
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
  refreshTokenTtl: string;
  refreshReuseGraceSeconds: number;
  databaseMigrationUrl?: string;
  armor: { maxDepth: number; maxAliases: number; maxTokens: number; maxDirectives: number; maxCost: number };
  introspection: boolean;
  rateLimits: { loginPer15m: number; uploadsPerMin: number; extractPerMin: number };
  maxFileSize: number;
  maxFiles: number;
  workerConcurrency: number;
  jobAttempts: number;
  convertTimeoutMs: number;
  convertMemoryMb: number;
  convertMaxPages: number;
  /** Undefined: one OCR worker per CPU. */
  ocrWorkers: number | undefined;
  ocrLanguages: string[];
  jobLockMs: number;
  reconcileIntervalMs: number;
  bm25FoldIntervalMs: number;
  bm25ImpactListChunks: number;
  shutdownTimeoutMs: number;
  runWorkers: boolean;
  logLevel: string;
  logFormat: 'auto' | 'pretty' | 'json';
  graphiql: boolean;
  metricsPort?: number;
  embeddings?: { url: string; model: string; apiKey?: string; dimensions?: number };
  /** Okapi BM25F parameters of lexical search. */
  bm25: { k1: number; b: number; headingWeight: number };
  chunk: { maxTokens: number; overlapTokens: number };
  websocket: { maxSocketsPerUser: number; maxSubscriptionsPerUser: number; keepAliveMs: number };
  storage: StorageConfig;
  /** Unset: no folder is watched. */
  watch?: WatchConfig;
  webhooks: WebhookConfig;
}

export interface S3Config {
  bucket: string;
  /** Key prefix without leading or trailing slash; empty for the bucket root. */
  prefix: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  sse?: { algorithm: 'AES256' | 'aws:kms'; kmsKeyId?: string };
  maxAttempts: number;
}

export interface StorageConfig {
  /** Unset: the local folder `filesDir`. */
  s3?: S3Config;
  orphanAgeMs: number;
  sweepIntervalMs: number;
}

export interface WatchConfig {
  dir: string;
  ownerEmail: string;
  /** The hook for collections: always undefined until they exist (config refuses WATCH_COLLECTION). */
  collection?: string;
  pollMs: number;
  stableMs: number;
}

export interface WebhookConfig {
  allowPrivate: boolean;
  maxAttempts: number;
  backoffMs: number;
  timeoutMs: number;
  pollMs: number;
}

/** `s3://bucket/a/b/` → bucket and prefix `a/b`. */
function parseS3Url(url: string, e: z.infer<typeof EnvSchema>): S3Config {
  const rest = url.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/^\/+|\/+$/g, '');
  const endpoint = e.AWS_ENDPOINT_URL_S3 ?? e.S3_ENDPOINT;
  return {
    bucket,
    prefix,
    region: e.AWS_REGION,
    endpoint,
    // Virtual-host addressing needs DNS per bucket, which a custom endpoint rarely has.
    forcePathStyle: e.S3_FORCE_PATH_STYLE ?? Boolean(endpoint),
    credentials:
      e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY, sessionToken: e.AWS_SESSION_TOKEN }
        : undefined,
    sse: e.S3_SSE ? { algorithm: e.S3_SSE, kmsKeyId: e.S3_SSE_KMS_KEY_ID } : undefined,
    maxAttempts: e.S3_MAX_ATTEMPTS,
  };
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
    refreshTokenTtl: e.REFRESH_TOKEN_TTL,
    refreshReuseGraceSeconds: e.REFRESH_REUSE_GRACE_SECONDS,
    databaseMigrationUrl: e.DATABASE_MIGRATION_URL,
    armor: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      maxCost: e.GRAPHQL_MAX_COST,
    },
    introspection: e.INTROSPECTION ?? e.NODE_ENV !== 'production',
    rateLimits: {
      loginPer15m: e.RATE_LOGIN_PER_15M,
      uploadsPerMin: e.RATE_UPLOADS_PER_MIN,
      extractPerMin: e.RATE_EXTRACT_PER_MIN,
    },
    maxFileSize: e.MAX_FILE_SIZE,
    maxFiles: e.MAX_FILES,
    workerConcurrency: e.WORKER_CONCURRENCY,
    jobAttempts: e.JOB_ATTEMPTS,
    convertTimeoutMs: e.CONVERT_TIMEOUT_MS,
    convertMemoryMb: e.CONVERT_MEMORY_MB,
    convertMaxPages: e.CONVERT_MAX_PAGES,
    ocrWorkers: e.OCR_WORKERS,
    ocrLanguages: e.OCR_LANGUAGES.split(/[+,]/),
    jobLockMs: e.JOB_LOCK_MS,
    reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
    bm25FoldIntervalMs: e.BM25_FOLD_INTERVAL_MS,
    bm25ImpactListChunks: e.BM25_IMPACT_LIST_CHUNKS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    runWorkers: e.RUN_WORKERS ?? mode === 'embedded',
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    graphiql: e.GRAPHIQL ?? e.NODE_ENV !== 'production',
    metricsPort: e.METRICS_PORT,
    embeddings: e.EMBEDDINGS_URL
      ? { url: e.EMBEDDINGS_URL, model: e.EMBEDDINGS_MODEL, apiKey: e.EMBEDDINGS_API_KEY, dimensions: e.EMBEDDINGS_DIMENSIONS }
      : undefined,
    bm25: { k1: e.SEARCH_BM25_K1, b: e.SEARCH_BM25_B, headingWeight: e.SEARCH_HEADING_WEIGHT },
    chunk: { maxTokens: e.CHUNK_MAX_TOKENS, overlapTokens: Math.min(e.CHUNK_OVERLAP_TOKENS, Math.floor(e.CHUNK_MAX_TOKENS / 2)) },
    websocket: {
      maxSocketsPerUser: e.WS_MAX_SOCKETS_PER_USER,
      maxSubscriptionsPerUser: e.WS_MAX_SUBSCRIPTIONS_PER_USER,
      keepAliveMs: e.WS_KEEPALIVE_MS,
    },
    storage: {
      s3: e.STORAGE_URL ? parseS3Url(e.STORAGE_URL, e) : undefined,
      orphanAgeMs: e.STORAGE_ORPHAN_AGE_MS,
      sweepIntervalMs: e.STORAGE_SWEEP_INTERVAL_MS,
    },
    watch:
      e.WATCH_DIR && e.WATCH_OWNER
        ? { dir: path.resolve(e.WATCH_DIR), ownerEmail: e.WATCH_OWNER, pollMs: e.WATCH_POLL_MS, stableMs: e.WATCH_STABLE_MS }
        : undefined,
    webhooks: {
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE ?? false,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      backoffMs: e.WEBHOOK_BACKOFF_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      pollMs: e.WEBHOOK_POLL_MS,
    },
  };
}
