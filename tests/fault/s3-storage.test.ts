import { request } from 'node:http';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_DOCUMENT } from '../../client/src/operations.js';
import { waitFor } from '../helpers/graphql-client.js';
import { settled, signUp, sleep, smallBatch, uploadAll } from './batch.js';
import { deployPrivate, privateServicesAvailable, type PrivateDeployment } from './private-services.js';

/**
 * S3 storage under faults (s3rver on loopback, private Redis and PostgreSQL): the API is killed
 * with SIGKILL in the middle of a large upload (a multipart upload in flight) and of a batch, and
 * the worker's sweeper must leave the bucket holding exactly the originals documents point at.
 * The crash windows the kill cannot be timed to hit (after staging, between storing the original
 * and committing its row) are planted as the objects such a crash leaves.
 */
const available = await privateServicesAvailable();
const figures: Record<string, unknown> = {};

/** Sends a GraphQL multipart upload whose file part stops after `sendBytes` of `totalBytes`, and never ends. */
function stalledUpload(url: string, token: string, totalBytes: number, sendBytes: number): Promise<void> {
  const boundary = 'stalled-upload-boundary';
  const preamble = [
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n`,
    JSON.stringify({ query: UPLOAD_DOCUMENT, variables: { file: null } }),
    `\r\n--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n`,
    JSON.stringify({ 0: ['variables.file'] }),
    `\r\n--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`,
  ].join('');
  const req = request(url, {
    method: 'POST',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(Buffer.byteLength(preamble) + totalBytes + boundary.length + 6),
      authorization: `Bearer ${token}`,
      'x-graphql-csrf': '1',
    },
  });
  req.on('error', () => {});
  req.write(preamble);
  const line = Buffer.from('a line of plain text that keeps going on and on\n'.repeat(1000));
  return new Promise((resolve) => {
    let sent = 0;
    const pump = () => {
      while (sent < sendBytes) {
        const part = line.subarray(0, Math.min(line.length, sendBytes - sent));
        sent += part.length;
        if (!req.write(part)) return req.once('drain', pump);
      }
      resolve();
    };
    pump();
  });
}

describe.skipIf(!available)('S3 storage under faults (s3rver, private Redis + PostgreSQL)', () => {
  let d: PrivateDeployment;

  beforeAll(async () => {
    d = await deployPrivate(
      { STORAGE_ORPHAN_AGE_MS: '3000', STORAGE_SWEEP_INTERVAL_MS: '1000', JOB_LOCK_MS: '2000', RECONCILE_INTERVAL_MS: '1500' },
      { s3: true },
    );
  });

  afterAll(async () => {
    console.log(`[fault figures] ${JSON.stringify(figures)}`);
    await d?.stop();
  });

  const storageKeys = async () =>
    (await d.pg.sql<{ storage_key: string }[]>`select storage_key from documents`).map((r) => r.storage_key).sort();

  it('kill -9 of the API mid-upload leaves no orphan object once the sweeper has run', async () => {
    const client = await signUp(d.api.graphqlUrl, 's3killed@example.com');
    const files = smallBatch({ pdf: 3, md: 3 });
    // A 30 MB file of which 20 MB arrive: the store has uploaded its first parts when the API dies.
    await stalledUpload(d.api.graphqlUrl, client.token!, 30 * 1024 * 1024, 20 * 1024 * 1024);
    const batch = uploadAll(client, files).catch(() => null);
    await sleep(1000);
    await d.restartApi();
    await batch;

    // What the other crash windows leave: a finished staging object, an original without its row.
    const s3 = d.s3!;
    const ownerId = (await d.pg.sql<{ id: string }[]>`select id from users where email = 's3killed@example.com'`)[0]!.id;
    const plantedOriginal = `${ownerId}/ab/${'ab'.repeat(32)}`;
    for (const key of ['.tmp/00000000-0000-4000-8000-000000000000', plantedOriginal]) {
      await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `${s3.prefix}/${key}`, Body: 'left by a crash' }));
    }
    expect(await s3.keys()).toContain(plantedOriginal);

    // The batch again on the new API (duplicates of what got through answer with the same document).
    const again = await signUp(d.api.graphqlUrl, 's3after@example.com');
    await uploadAll(again, files);
    const rows = await settled(d.pg.sql, 's3after@example.com', files.length);
    expect(rows.filter((r) => r.status !== 'INDEXED')).toEqual([]);

    const swept = await waitFor(
      'the sweeper to leave only referenced originals',
      async () => {
        const keys = await s3.keys();
        const referenced = await storageKeys();
        return keys.length === referenced.length && keys.every((k, i) => k === referenced[i]) ? keys : null;
      },
      30_000,
      500,
    );
    figures.s3Kill = {
      objects: swept.length,
      sweeperLines: d.worker.lines.filter((l) => l.includes('storage sweeper removed')).length,
    };
    expect(swept.some((k) => k.startsWith('.tmp/'))).toBe(false);
    expect(swept).not.toContain(plantedOriginal);
    // Every document can still be read back from the bucket.
    expect(swept.length).toBeGreaterThanOrEqual(files.length);
  });

  it('kill -9 of the worker mid-batch with S3 storage: every document INDEXED exactly once', async () => {
    const client = await signUp(d.api.graphqlUrl, 's3worker@example.com');
    const files = smallBatch();
    await uploadAll(client, files);
    await sleep(1500);
    await d.restartWorker();
    const rows = await settled(d.pg.sql, 's3worker@example.com', files.length);
    expect(rows.filter((r) => r.status !== 'INDEXED')).toEqual([]);
    expect(rows.filter((r) => r.indexedEvents !== 1 || r.chunks !== r.distinctChunks)).toEqual([]);
  });
});
