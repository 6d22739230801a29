import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type WorkerRuntime } from '../../src/app/worker-runtime.js';
import { findVisibleDocument } from '../../src/db/repositories/documents-repo.js';
import { findUserById } from '../../src/db/repositories/users-repo.js';
import { deleteDocument } from '../../src/services/documents/documents-service.js';
import { uploadDocument } from '../../src/services/documents/upload-document.js';
import { blobKey } from '../../src/storage/blob-store.js';
import { S3BlobStore } from '../../src/storage/s3-blob-store.js';
import { sweepStorage } from '../../src/storage/sweeper.js';
import { waitFor } from '../helpers/graphql-client.js';
import { corpus } from '../helpers/processes.js';
import { startTestS3, type TestS3 } from '../helpers/s3-server.js';
import { createMediumContainer, createOwner, type MediumContainer } from '../medium/medium-container.js';

/**
 * The S3 adapter against a real S3-protocol server (s3rver on loopback): multipart streaming
 * while hashing, content-addressed dedupe, the size limit, reads, deletes, the sweeper, and a
 * corpus document from upload to INDEXED and deleted with STORAGE_URL=s3://… .
 */
describe('S3 blob store (s3rver on loopback)', () => {
  let s3: TestS3;
  let m: MediumContainer;
  let store: S3BlobStore;
  let owner: string;

  beforeAll(async () => {
    s3 = await startTestS3();
    m = await createMediumContainer(s3.env);
    expect(m.c.blobs).toBeInstanceOf(S3BlobStore);
    store = m.c.blobs as S3BlobStore;
    owner = await createOwner(m.c);
  });

  afterAll(async () => {
    await m?.close();
    await s3?.stop();
  });

  it('streams a 20 MB upload in parts while hashing, commits it under its hash, dedupes the second copy', async () => {
    const bytes = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32LE(i, i);
    const chunks = () => Readable.from(Array.from({ length: 20 }, (_, i) => bytes.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024)));
    const staged = await store.stage(chunks, 64 * 1024 * 1024);
    expect(staged.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(staged.sizeBytes).toBe(bytes.length);
    expect(staged.head.subarray(0, 16)).toEqual(bytes.subarray(0, 16));
    expect(await s3.keys()).toEqual([`.tmp/${staged.token}`]);

    const key = blobKey(owner, staged.sha256);
    await store.commit(staged, key);
    const again = await store.stage(chunks, 64 * 1024 * 1024);
    await store.commit(again, key);
    expect(await s3.keys()).toEqual([key]);

    expect((await store.read(key)).equals(bytes)).toBe(true);
    const streamed: Buffer[] = [];
    for await (const part of store.createReadStream(key)) streamed.push(part as Buffer);
    expect(Buffer.concat(streamed).equals(bytes)).toBe(true);

    await store.delete(key);
    expect(await store.exists(key)).toBe(false);
    expect(await s3.keys()).toEqual([]);
  });

  it('refuses an upload over the limit with FILE_TOO_LARGE and leaves no object behind', async () => {
    const file = corpus('pdf', '2305.03393v1-pg9.pdf');
    await expect(store.stage(() => createReadStream(file), 1000)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect(await s3.keys()).toEqual([]);
  });

  it('a missing object streams an error instead of hanging', async () => {
    const stream = store.createReadStream(blobKey(owner, 'f'.repeat(64)));
    await expect(
      (async () => {
        for await (const _ of stream) void _;
      })(),
    ).rejects.toThrow();
  });

  it('the sweeper removes staging objects and unreferenced originals, keeps referenced ones', async () => {
    const crashedUpload = await store.stage(() => Readable.from([Buffer.from('half an upload')]), 1000);
    const orphan = await store.stage(() => Readable.from([Buffer.from('stored, row never committed')]), 1000);
    const orphanKey = blobKey(owner, orphan.sha256);
    await store.commit(orphan, orphanKey);
    const user = await findUserById(m.c.db, owner);
    const kept = await uploadDocument(m.c, user!, {
      filename: 'kept.md',
      createReadStream: () => createReadStream(corpus('md', 'duck.md')),
    });
    expect(await s3.keys()).toHaveLength(3);

    // Young leftovers may belong to an upload still running: kept.
    expect(await sweepStorage(store, m.c.db, 60_000)).toEqual({ staging: 0, unreferenced: 0 });
    const report = await sweepStorage(store, m.c.db, 0, Date.now() + 2000);
    expect(report).toEqual({ staging: 1, unreferenced: 1 });
    expect(await s3.keys()).toEqual([kept.document.storageKey]);
    expect(crashedUpload.token).not.toBe(orphan.token);
    await deleteDocument(m.c, user!, kept.document.id);
    expect(await s3.keys()).toEqual([]);
  });

  describe('a document through the pipeline with S3 storage', () => {
    let runtime: WorkerRuntime;
    beforeAll(async () => {
      runtime = await startWorkers(m.c);
    });
    afterAll(async () => {
      await runtime?.stop();
    });

    it('is stored in the bucket, converted from it to INDEXED, and its object goes with it', async () => {
      const user = await findUserById(m.c.db, owner);
      const file = corpus('pdf', '2305.03393v1-pg9.pdf');
      const { document } = await uploadDocument(m.c, user!, { filename: 'sample.pdf', createReadStream: () => createReadStream(file) });
      expect(await s3.keys()).toEqual([document.storageKey]);
      const row = await waitFor(
        'the document to finish',
        async () => {
          const r = await findVisibleDocument(m.c.db, owner, document.id);
          return r && (r.status === 'INDEXED' || r.status === 'FAILED') ? r : null;
        },
        60_000,
      );
      expect(row.status).toBe('INDEXED');
      expect((await m.c.blobs.read(document.storageKey)).equals(await readFile(file))).toBe(true);
      await deleteDocument(m.c, user!, document.id);
      expect(await s3.keys()).toEqual([]);
    });
  });
});
