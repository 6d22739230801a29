import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobKey } from '../../src/storage/blob-store.js';
import { LocalBlobStore } from '../../src/storage/local-blob-store.js';

/**
 * The local store's commit without a look first (local-blob-store.ts): the key's folder appears
 * on demand, and the same bytes committed again leave one original, with a fresh modification
 * time (the sweeper's sign that it is in use), and nothing in staging.
 */
describe('local blob store commit', () => {
  let root: string;
  let store: LocalBlobStore;
  const owner = '00000000-0000-4000-8000-000000000001';
  const bytes = Buffer.from('# Same note\n\nThe same bytes, uploaded twice.\n');
  const key = blobKey(owner, createHash('sha256').update(bytes).digest('hex'));

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'docsphere-blobs-'));
    store = new LocalBlobStore(root);
    await store.init();
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the key folder, and replaces an existing original by the same bytes with a fresh time', async () => {
    const first = await store.stage(() => Readable.from([bytes]), 1_000_000);
    await store.commit(first, key);
    expect(await store.read(key)).toEqual(bytes);

    const file = path.join(root, key);
    const old = new Date(Date.now() - 86_400_000);
    await utimes(file, old, old);
    const second = await store.stage(() => Readable.from([bytes]), 1_000_000);
    await store.commit(second, key);

    expect(await readFile(file)).toEqual(bytes);
    expect((await stat(file)).mtimeMs).toBeGreaterThan(old.getTime() + 60_000);
    expect(await readdir(path.join(root, '.tmp'))).toEqual([]);
    expect(await readdir(path.dirname(file))).toEqual([path.basename(file)]);
  });
});
