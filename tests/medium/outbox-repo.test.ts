import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimOutboxJobs,
  completeOutboxJobs,
  markUndispatched,
  outboxPriority,
  pruneOutbox,
} from '../../src/db/repositories/outbox-repo.js';
import { documents, jobOutbox } from '../../src/db/schema/index.js';
import { createMediumContainer, createOwner, storeDocument, type MediumContainer } from './medium-container.js';

/**
 * The outbox repository's claim/complete contract, which the dispatcher (jobs/outbox.ts) relies
 * on: a claim reads pending jobs of documents still waiting at that generation, round-robin by
 * owner and small files first, and writes nothing; completing stamps them so no later claim
 * returns them, once (a second completion neither re-stamps nor counts again); the reconciler
 * can reopen a job, and pruning drops jobs of finished documents.
 */
describe('outbox repository', () => {
  let m: MediumContainer;

  beforeAll(async () => {
    m = await createMediumContainer();
  }, 60_000);

  afterAll(async () => m?.close());

  let n = 0;
  const add = (ownerId: string, size: number) =>
    storeDocument(m.c, ownerId, { name: `f${n}.txt`, mimeType: 'text/plain', bytes: new TextEncoder().encode(`${n++}`.padEnd(size, '.')) });
  const outboxRow = async (documentId: string) => (await m.c.db.select().from(jobOutbox).where(eq(jobOutbox.documentId, documentId)))[0];

  it('claims round-robin by owner, small files first, without writing', async () => {
    const heavy = await createOwner(m.c);
    const light = await createOwner(m.c);
    const h1 = await add(heavy, 10);
    const h2 = await add(heavy, 10);
    const l1 = await add(light, 10);
    // A different priority: a larger document waits behind the heavy owner's small ones.
    await m.c.db
      .update(jobOutbox)
      .set({ priority: outboxPriority('NORMAL', 20_000_000) })
      .where(eq(jobOutbox.documentId, h1.id));

    const claimed = await claimOutboxJobs(m.c.db, 10);
    expect(
      claimed
        .map((j) => j.documentId)
        .slice(0, 2)
        .sort(),
    ).toEqual([h2.id, l1.id].sort());
    expect(claimed.map((j) => j.documentId)[2]).toBe(h1.id);
    expect(claimed.find((j) => j.documentId === h1.id)).toMatchObject({ generation: h1.generation, priority: 30 });
    // Claiming is a read: claim again and get the same.
    expect(await claimOutboxJobs(m.c.db, 10)).toEqual(claimed);
    expect(await claimOutboxJobs(m.c.db, 1)).toEqual(claimed.slice(0, 1));
    expect(await claimOutboxJobs(m.c.db, 0)).toEqual([]);
  });

  it('completes once: completed jobs are not claimed again and are counted once', async () => {
    const before = await claimOutboxJobs(m.c.db, 100);
    const [first, ...rest] = before;
    await completeOutboxJobs(m.c.db, [first!.id]);
    await completeOutboxJobs(m.c.db, [first!.id]);
    const row = await outboxRow(first!.documentId);
    expect(row?.dispatchedAt).toBeInstanceOf(Date);
    expect(row?.dispatchCount).toBe(1);
    expect(await claimOutboxJobs(m.c.db, 100)).toEqual(rest);

    // The reconciler reopens it (the queue lost the job): claimable again, counted again on completion.
    await markUndispatched(m.c.db, first!.documentId, first!.generation);
    expect((await claimOutboxJobs(m.c.db, 100)).map((j) => j.id)).toContain(first!.id);
    await completeOutboxJobs(m.c.db, [first!.id]);
    expect((await outboxRow(first!.documentId))?.dispatchCount).toBe(2);
  });

  it('never claims a job whose document finished or moved on, and prunes it', async () => {
    const owner = await createOwner(m.c);
    const finished = await add(owner, 10);
    const moved = await add(owner, 10);
    await m.c.db.update(documents).set({ status: 'INDEXED' }).where(eq(documents.id, finished.id));
    await m.c.db
      .update(documents)
      .set({ generation: moved.generation + 1 })
      .where(eq(documents.id, moved.id));
    const ids = (await claimOutboxJobs(m.c.db, 100)).map((j) => j.documentId);
    expect(ids).not.toContain(finished.id);
    expect(ids).not.toContain(moved.id);
    await pruneOutbox(m.c.db);
    expect(await outboxRow(finished.id)).toBeUndefined();
    expect(await outboxRow(moved.id)).toBeUndefined();
  });

  it("lets an owner's first HIGH job jump the queue, but not a second one in the same round", async () => {
    const eager = await createOwner(m.c);
    const other = await createOwner(m.c);
    const backlog = await add(eager, 10);
    const urgent = [await add(eager, 10), await add(eager, 10)];
    const theirs = await add(other, 10);
    for (const doc of urgent) {
      await m.c.db
        .update(jobOutbox)
        .set({ priority: outboxPriority('HIGH', 10) })
        .where(eq(jobOutbox.documentId, doc.id));
    }
    const mine = [backlog.id, ...urgent.map((u) => u.id), theirs.id];
    const claimed = (await claimOutboxJobs(m.c.db, 100)).filter((j) => mine.includes(j.documentId));
    const at = (id: string) => claimed.find((j) => j.documentId === id)!;
    // Dispatch order: both HIGH jobs before the owner's own backlog, the other owner keeps its turn.
    expect(claimed.findIndex((j) => j.documentId === urgent[1]!.id)).toBeLessThan(claimed.findIndex((j) => j.documentId === backlog.id));
    expect(claimed.findIndex((j) => j.documentId === theirs.id)).toBeLessThan(claimed.findIndex((j) => j.documentId === urgent[1]!.id));
    // Queue priority: the first HIGH job overtakes everything waiting; the second queues as NORMAL.
    expect(at(urgent[0]!.id).priority).toBe(outboxPriority('HIGH', 10));
    expect(at(urgent[1]!.id).priority).toBe(outboxPriority('NORMAL', 10));
    expect(at(theirs.id).priority).toBe(outboxPriority('NORMAL', 10));
    expect((await claimOutboxJobs(m.c.db, 100, { highOnly: true })).map((j) => j.documentId)).toEqual([urgent[0]!.id]);
    await completeOutboxJobs(
      m.c.db,
      claimed.map((j) => j.id),
    );
  });
});
