import { readdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobKey } from '../../src/storage/blob-store.js';
import { LocalBlobStore } from '../../src/storage/local-blob-store.js';
import { sweepStorage } from '../../src/storage/sweeper.js';
import { createMediumContainer, createOwner, storeDocument, type MediumContainer } from './medium-container.js';

/**
 * The storage sweeper on the local store (the S3 side runs in tests/integration/storage-s3):
 * what a killed upload leaves in `.tmp/`, and an original whose document row never committed,
 * go once they are old enough; originals documents point at stay.
 */
describe('storage sweeper (local store)', () => {
  let m: MediumContainer;
  let owner: string;
  const files = () => path.join(m.dataDir, 'files');

  beforeAll(async () => {
    m = await createMediumContainer();
    owner = await createOwner(m.c);
  });
  afterAll(async () => {
    await m?.close();
  });

  it('removes old staging files and unreferenced originals, keeps young ones and referenced ones', async () => {
    const store = m.c.blobs as LocalBlobStore;
    const doc = await storeDocument(m.c, owner, { name: 'a.md', mimeType: 'text/markdown', bytes: Buffer.from('# kept\n') });
    const staged = await store.stage(() => Readable.from([Buffer.from('killed mid-upload')]), 1000);
    const orphan = await store.stage(() => Readable.from([Buffer.from('row never committed')]), 1000);
    const orphanKey = blobKey(owner, orphan.sha256);
    await store.commit(orphan, orphanKey);

    expect(await sweepStorage(store, m.c.db, 60_000)).toEqual({ staging: 0, unreferenced: 0 });
    const old = new Date(Date.now() - 120_000);
    await utimes(path.join(files(), '.tmp', staged.token), old, old);
    await utimes(path.join(files(), orphanKey), old, old);
    await utimes(path.join(files(), doc.storageKey), old, old);
    expect(await sweepStorage(store, m.c.db, 60_000)).toEqual({ staging: 1, unreferenced: 1 });
    expect(await readdir(path.join(files(), '.tmp'))).toEqual([]);
    expect(await store.exists(orphanKey)).toBe(false);
    expect(await store.exists(doc.storageKey)).toBe(true);
  });

  it('a commit onto an existing original refreshes its time, so the sweeper does not take it for an orphan', async () => {
    const store = m.c.blobs as LocalBlobStore;
    const first = await store.stage(() => Readable.from([Buffer.from('same bytes')]), 1000);
    const key = blobKey(owner, first.sha256);
    await store.commit(first, key);
    const old = new Date(Date.now() - 120_000);
    await utimes(path.join(files(), key), old, old);
    const second = await store.stage(() => Readable.from([Buffer.from('same bytes')]), 1000);
    await store.commit(second, key);
    expect(await sweepStorage(store, m.c.db, 60_000)).toEqual({ staging: 0, unreferenced: 0 });
    expect(await store.exists(key)).toBe(true);
  });
});
