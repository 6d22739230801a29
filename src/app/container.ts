import type { Config } from '../config.js';
import { openDatabase, type Database, type Db } from '../db/client.js';
import { BullmqQueue } from '../jobs/bullmq-queue.js';
import { InProcessQueue } from '../jobs/in-process-queue.js';
import type { JobQueue, RetryPolicy } from '../jobs/queue.js';
import type { Logger } from '../logger.js';
import { EventBus } from '../pubsub/event-bus.js';
import type { BlobStore } from '../storage/blob-store.js';
import { LocalBlobStore } from '../storage/local-blob-store.js';
import { loadJwtSecret } from '../services/jwt-secret.js';
import { terminateOcr } from '../converters/ocr.js';

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
  close(): Promise<void>;
}

export async function createContainer(config: Config, log: Logger): Promise<Container> {
  const database = await openDatabase(config, log);
  const blobs = new LocalBlobStore(config.filesDir);
  await blobs.init();
  const retry: RetryPolicy = { attempts: config.jobAttempts, backoffMs: 1000 };
  let queue: JobQueue;
  let bus: EventBus;
  if (config.redisUrl) {
    queue = new BullmqQueue(config.redisUrl, config.redisPrefix, retry, log.child({ part: 'queue' }));
    bus = await EventBus.redis(config.redisUrl, config.redisPrefix);
  } else {
    queue = new InProcessQueue(retry, log.child({ part: 'queue' }));
    bus = EventBus.inMemory(config.redisPrefix);
  }
  const jwtSecret = await loadJwtSecret(config);
  return {
    config,
    log,
    database,
    db: database.db,
    blobs,
    queue,
    bus,
    jwtSecret,
    async close() {
      await queue.close();
      await terminateOcr();
      await bus.close();
      await database.close();
    },
  };
}
