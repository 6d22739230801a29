import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Container } from '../../../src/app/container.js';
import { loadConfig } from '../../../src/config.js';
import { openDatabase, type Database } from '../../../src/db/client.js';
import { insertUser } from '../../../src/db/repositories/users-repo.js';
import { documents, jobOutbox } from '../../../src/db/schema/index.js';
import { InProcessQueue } from '../../../src/jobs/in-process-queue.js';
import { addToOutbox } from '../../../src/db/repositories/outbox-repo.js';
import { dispatchOutbox } from '../../../src/jobs/outbox.js';
import { reconcile } from '../../../src/jobs/reconciler.js';

/**
 * The outbox against a real database (PGlite, the embedded default) and the real in-process
 * queue (not started, so dispatched jobs stay visible): fairness across owners, priorities,
 * idempotence, and the reconciler reviving jobs the queue lost.
 */
const log = pino({ level: 'silent' });
let database: Database;
let queue: InProcessQueue;
let c: Container;
const enqueued: string[] = [];

async function addDocs(ownerId: string, count: number, sizeBytes: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const [row] = await database.db
      .insert(documents)
      .values({
        ownerId,
        filename: `f${i}.txt`,
        mimeType: 'text/plain',
        sizeBytes,
        sha256: `${ownerId}-${sizeBytes}-${i}`,
        storageKey: `k${i}`,
      })
      .returning();
    await addToOutbox(database.db, row!);
    ids.push(row!.id);
  }
  return ids;
}

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'docsphere-outbox-'));
  const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' });
  database = await openDatabase(config, log);
  queue = new InProcessQueue({ attempts: 1, backoffMs: 10 }, log);
  const enqueue = queue.enqueue.bind(queue);
  queue.enqueue = async (name, payload, options) => {
    enqueued.push(payload.documentId);
    return enqueue(name, payload, options);
  };
  c = { config, log, database, db: database.db, queue } as unknown as Container;
}, 60_000);

afterAll(async () => {
  await queue?.close(100);
  await database?.close();
});

describe('outbox dispatch', () => {
  it('fills the queue window round-robin by owner, small files first', async () => {
    const heavy = (await insertUser(database.db, 'heavy@example.com', 'x'))!;
    const light = (await insertUser(database.db, 'light@example.com', 'x'))!;
    const heavyDocs = await addDocs(heavy.id, 30, 20_000_000);
    const heavySmall = await addDocs(heavy.id, 1, 1000);
    const lightDocs = await addDocs(light.id, 1, 20_000_000);

    expect(await dispatchOutbox(c, 4)).toEqual({ sent: 4, drained: false });
    // One slot per owner per round: the light user's single (large) file is in the first round,
    // and the heavy user's small file goes before its large ones.
    expect(enqueued.slice(0, 2).sort()).toEqual([heavySmall[0], lightDocs[0]].sort());
    expect(enqueued).toHaveLength(4);
    // The window is full: nothing more until the queue drains.
    expect(await dispatchOutbox(c, 4)).toEqual({ sent: 0, drained: false });
    expect(heavyDocs.filter((id) => enqueued.includes(id))).toHaveLength(2);
  });

  it('the reconciler marks the jobs the queue lost for dispatch again', async () => {
    const dispatched = enqueued.slice();
    // The queue loses everything (a Redis flush, a restart of the embedded process).
    await queue.close(100);
    queue = new InProcessQueue({ attempts: 1, backoffMs: 10 }, log);
    c.queue = queue;
    const report = await reconcile(c, 0);
    expect(report.revived).toBe(dispatched.length);
    const pending = await database.db.select().from(jobOutbox);
    expect(pending.filter((r) => r.dispatchedAt === null)).toHaveLength(pending.length);
  });
});
