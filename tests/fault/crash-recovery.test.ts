import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../../client/src/operations.js';
import { waitFor } from '../helpers/graphql-client.js';
import { alive, childPids, chunkCounts, outcomes, settled, signUp, sleep, smallBatch, uploadAll, type DocOutcome } from './batch.js';
import { deployPrivate, privateServicesAvailable, type PrivateDeployment } from './private-services.js';

/**
 * Services mode under real faults, on a private Redis and PostgreSQL started by this file (the
 * shared ones belong to other people): the worker is killed with SIGKILL mid-batch, Redis is
 * flushed mid-batch, PostgreSQL is restarted mid-batch. Each time every document must end
 * INDEXED exactly once, with the chunk counts of a run without faults.
 */
const available = await privateServicesAvailable();
const KILLS = 3;
const figures: Record<string, unknown> = {};

describe.skipIf(!available)('crash recovery (services mode, private Redis + PostgreSQL)', () => {
  let d: PrivateDeployment;
  const files = smallBatch();
  let clean: DocOutcome[] = [];

  const expectSameAsClean = (rows: DocOutcome[]) => {
    expect(rows).toHaveLength(files.length);
    expect(rows.filter((r) => r.status !== 'INDEXED')).toEqual([]);
    expect(rows.filter((r) => r.indexedEvents !== 1)).toEqual([]);
    expect(rows.filter((r) => r.chunks !== r.distinctChunks)).toEqual([]);
    if (clean.length) expect(chunkCounts(rows)).toEqual(chunkCounts(clean));
  };

  beforeAll(async () => {
    d = await deployPrivate({
      // Short lock and reconcile periods so recovery fits in a CI minute; production defaults are 30 s.
      JOB_LOCK_MS: '2000',
      RECONCILE_INTERVAL_MS: '1500',
      // Enough attempts (backoff 1+2+4+8+16 s) to outlast a database restart.
      JOB_ATTEMPTS: '6',
      SHUTDOWN_TIMEOUT_MS: '5000',
    });
  });

  afterAll(async () => {
    console.log(`[fault figures] ${JSON.stringify(figures)}`);
    await d?.stop();
  });

  it(`kill -9 of the worker ${KILLS} times mid-batch: every document INDEXED exactly once`, async () => {
    const client = await signUp(d.api.graphqlUrl, 'killed@example.com');
    await uploadAll(client, files);
    let killedWhileBusy = 0;
    for (let k = 0; k < KILLS; k++) {
      await sleep(400 + Math.floor(Math.random() * 2500));
      const busy = (await outcomes(d.pg.sql, 'killed@example.com')).filter((r) => r.status === 'PROCESSING').length;
      if (busy) killedWhileBusy++;
      const sandboxes = childPids(d.worker.child.pid!);
      await d.restartWorker();
      // Its sandboxes die with it, even one busy in a converter loop (watchdog thread).
      await waitFor("the killed worker's sandboxes to exit", () => sandboxes.every((pid) => !alive(pid)), 10_000);
    }
    const rows = await settled(d.pg.sql, 'killed@example.com', files.length);
    figures.kill = {
      documents: files.length,
      kills: KILLS,
      killedWhileBusy,
      lost: rows.filter((r) => r.status !== 'INDEXED').length,
      duplicates: rows.filter((r) => r.indexedEvents !== 1 || r.chunks !== r.distinctChunks).length,
    };
    expect(rows.filter((r) => r.status !== 'INDEXED')).toEqual([]);

    // The reference: the same files for another user, with no fault at all.
    const reference = await signUp(d.api.graphqlUrl, 'clean@example.com');
    await uploadAll(reference, files);
    clean = await settled(d.pg.sql, 'clean@example.com', files.length);
    expectSameAsClean(clean);
    expectSameAsClean(rows);
  });

  it('FLUSHALL on Redis mid-batch: the reconciler brings every document to INDEXED', async () => {
    const client = await signUp(d.api.graphqlUrl, 'flushed@example.com');
    await uploadAll(client, files);
    // Flush while work is still queued. The extraction cache (warm from the earlier tests) can
    // make a batch finish fast, so the reconciler is only required to act if work was pending.
    const unfinished = (await outcomes(d.pg.sql, 'flushed@example.com')).filter(
      (r) => r.status !== 'INDEXED' && r.status !== 'FAILED',
    ).length;
    await d.redis.flushAll();
    const rows = await settled(d.pg.sql, 'flushed@example.com', files.length);
    // Whether the reconciler had to act depends on what sat in Redis at the flush (the outbox
    // keeps most jobs in PostgreSQL); the figure records it, the outcome below is the promise.
    figures.flush = {
      documents: files.length,
      unfinishedAtFlush: unfinished,
      reconciled: d.worker.lines.some((l) => l.includes('reconciler re-queued documents')),
      lost: rows.filter((r) => r.status !== 'INDEXED').length,
    };
    expectSameAsClean(rows);
  });

  it('PostgreSQL restart mid-batch: API and worker reconnect, nothing is lost', async () => {
    const client = await signUp(d.api.graphqlUrl, 'restarted@example.com');
    await uploadAll(client, files);
    await sleep(500);
    await d.pg.restart();
    const rows = await settled(d.pg.sql, 'restarted@example.com', files.length);
    figures.pgRestart = { documents: files.length, lost: rows.filter((r) => r.status !== 'INDEXED').length };
    expectSameAsClean(rows);
    // The API answers again on its reconnected pool.
    const listed = await waitFor('the API to answer after the restart', async () => {
      const res = await client.request(DOCUMENTS, { first: 50 });
      return res.errors ? null : res.data;
    });
    expect(listed).toBeTruthy();
  });

  it('SIGTERM mid-batch: the worker exits cleanly in time and a new one finishes the rest', async () => {
    const client = await signUp(d.api.graphqlUrl, 'drained@example.com');
    await uploadAll(client, files);
    await sleep(800);
    const started = Date.now();
    const code = await d.worker.stop('SIGTERM');
    figures.sigterm = { exitCode: code, seconds: Math.round((Date.now() - started) / 100) / 10 };
    expect(code).toBe(0);
    // SHUTDOWN_TIMEOUT_MS (5 s here) plus closing connections, on a loaded machine.
    expect(Date.now() - started).toBeLessThan(20_000);
    await d.restartWorker();
    expectSameAsClean(await settled(d.pg.sql, 'drained@example.com', files.length));
  });
});
