import type { Config } from '../config.js';
import { openDatabase, type Database, type Db } from '../db/client.js';
import { collectStartupGarbage } from './startup-garbage.js';
import { InProcessQueue } from '../jobs/in-process-queue.js';
import type { JobQueue, RetryPolicy } from '../jobs/queue.js';
import type { Logger } from '../logger.js';
import { EventBus } from '../pubsub/event-bus.js';
import type { BlobStore } from '../storage/blob-store.js';
import { createBlobStore } from '../storage/index.js';
import { loadJwtSecret } from '../services/auth/jwt-secret.js';
import { VerifiedTokens } from '../services/auth/verified-tokens.js';
import { RateLimits } from '../security/rate-limit.js';
import { terminateOcr } from '../converters/image/ocr.js';
import { createEmbedder, type Embedder } from '../embedder/index.js';
import { announceSearchCapabilities } from '../search/capabilities.js';
import { KnownSpaces } from '../search/vector-store.js';
import { SandboxPool } from '../sandbox/pool.js';

/**
 * Everything the use-cases need, with each port's adapter chosen once, here, from the config.
 * Code above this line is identical in the embedded default and in services mode.
 */
export interface Container {
  config: Config;
  log: Logger;
  database: Database;
  db: Db;
  blobs: BlobStore;
  queue: JobQueue;
  bus: EventBus;
  jwtSecret: Uint8Array;
  /** Per-user and per-IP limits (Redis in services mode, memory in the embedded default). */
  rateLimits: RateLimits;
  /** Null adapter (available: false) when no embeddings provider is configured. */
  embedder: Embedder;
  /** Access tokens already verified, per server (services/auth/verified-tokens.ts says why it is safe). */
  verifiedTokens: VerifiedTokens;
  /** When each API key's last use was last written, per server: a busy key costs one write a minute, not one a request. */
  apiKeyLastUse: Map<string, number>;
  /** Embedding spaces already looked up, per server, so a HYBRID search does not ask again. */
  knownSpaces: KnownSpaces;
  /**
   * The converter sandboxes (one per concurrent job), forked on first use: the pipeline and the
   * extract doors convert untrusted bytes in them, so an API that never extracts forks none.
   */
  sandboxes: SandboxPool;
  /** This process's workers, set by `startWorkers` (app/worker-runtime.ts); absent in an API-only process. */
  workers?: LocalWorkers;
  close(): Promise<void>;
}

/** What a request handler may ask of the workers running in its own process. */
export interface LocalWorkers {
  /** Dispatch now (after committing an outbox row) instead of at the dispatcher's next tick; `urgent` for HIGH priority. */
  nudgeDispatch(urgent?: boolean): void;
  /** Aborts the document's conversion at once if it runs here; other processes see the generation bump. */
  cancelLocal(documentId: string): boolean;
}

/**
 * `dbRole: 'worker'` is for processes that run the pipeline (acting on documents without a user);
 * an API process that also runs workers in-process needs it too. User requests still run as the
 * user role with row-level security, because the tenant scope switches role per transaction.
 */
export async function createContainer(config: Config, log: Logger, options: { dbRole?: 'app' | 'worker' } = {}): Promise<Container> {
  const database = await openDatabase(config, log, options.dbRole ?? (config.runWorkers ? 'worker' : 'app'));
  if (database.dialect === 'pglite') collectStartupGarbage(log);
  const blobs = await createBlobStore(config, log.child({ part: 'storage' }));
  const retry: RetryPolicy = { attempts: config.jobAttempts, backoffMs: 1000, lockMs: config.jobLockMs };
  let queue: JobQueue;
  let bus: EventBus;
  if (config.redisUrl) {
    // Imported only in services mode: BullMQ and its Redis client are ~100 modules the embedded
    // default never uses, and loading them is most of what a start would spend on them.
    const { BullmqQueue } = await import('../jobs/bullmq-queue.js');
    queue = new BullmqQueue(config.redisUrl, config.redisPrefix, retry, log.child({ part: 'queue' }));
    bus = await EventBus.redis(config.redisUrl, config.redisPrefix);
  } else {
    queue = new InProcessQueue(retry, log.child({ part: 'queue' }));
    bus = EventBus.inMemory(config.redisPrefix);
  }
  const jwtSecret = await loadJwtSecret(config);
  const rateLimits = await RateLimits.create(config);
  const embedder = createEmbedder(config);
  announceSearchCapabilities(database, embedder, log);
  const sandboxes = new SandboxPool(
    config.workerConcurrency,
    { timeoutMs: config.convertTimeoutMs, memoryMb: config.convertMemoryMb, maxPages: config.convertMaxPages },
    log.child({ part: 'sandbox' }),
  );
  return {
    config,
    log,
    database,
    db: database.db,
    blobs,
    queue,
    bus,
    jwtSecret,
    rateLimits,
    embedder,
    verifiedTokens: new VerifiedTokens(),
    apiKeyLastUse: new Map(),
    knownSpaces: new KnownSpaces(),
    sandboxes,
    async close() {
      await queue.close();
      await sandboxes.close();
      await terminateOcr();
      await bus.close();
      await rateLimits.close();
      await database.close();
    },
  };
}
