import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, ErrorCode, fileTooLarge } from '../errors.js';
import { BLOB_KEY_PATTERN, STAGING_TOKEN_PATTERN, type BlobStore, type StagedBlob, type StoredKey } from './blob-store.js';
import { createMeter, isSizeLimitError, iterate, openSource, wasTruncated } from './meter.js';

export { isSizeLimitError } from './meter.js';

/**
 * Blob store on a local folder (or a shared volume in services mode). Writes go to `.tmp/` on the
 * same filesystem, are fsynced, then renamed into place, so a crash never leaves a half-written
 * original under its permanent name; what a crash leaves in `.tmp/` the sweeper removes.
 */
export class LocalBlobStore implements BlobStore {
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = path.join(root, '.tmp');
  }

  async init(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
  }

  async stage(open_: () => Readable, maxBytes: number): Promise<StagedBlob> {
    const source = openSource(open_, maxBytes);
    const token = randomUUID();
    const tmp = this.tempPath(token);
    const meter = createMeter(maxBytes);
    try {
      // `flush`: fsynced before the stream closes its file (not opened again for that).
      await pipeline(iterate(source), meter.transform, createWriteStream(tmp, { flags: 'wx', flush: true }));
      if (wasTruncated(source)) throw fileTooLarge(maxBytes);
    } catch (err) {
      await rm(tmp, { force: true });
      throw isSizeLimitError(err) ? fileTooLarge(maxBytes) : err;
    }
    return { ...meter.result(), token };
  }

  async commit(staged: StagedBlob, key: string): Promise<void> {
    const target = this.resolve(key);
    // No look first for a blob already there: keys are content hashes, so it holds these very
    // bytes, and the rename replaces it atomically with a copy whose modification time is fresh
    // (what the interface asks for), a syscall less per upload than a stat and a touch. The
    // key's folder usually exists (one per owner and hash prefix), so it is created only when
    // the rename says it is missing.
    try {
      await rename(this.tempPath(staged.token), target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await mkdir(path.dirname(target), { recursive: true });
      await rename(this.tempPath(staged.token), target);
    }
  }

  async discard(staged: StagedBlob): Promise<void> {
    await rm(this.tempPath(staged.token), { force: true });
  }

  readStaged(staged: StagedBlob): Promise<Buffer> {
    return readFile(this.tempPath(staged.token));
  }

  read(key: string): Promise<Buffer> {
    return readFile(this.resolve(key));
  }

  createReadStream(key: string): Readable {
    return createReadStream(this.resolve(key));
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.resolve(key))).isFile();
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.resolve(key), { force: true });
  }

  async sweepStaging(olderThan: Date): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.tmpDir).catch(() => [] as string[])) {
      const file = path.join(this.tmpDir, name);
      const info = await stat(file).catch(() => null);
      if (!info || info.mtime >= olderThan) continue;
      await rm(file, { force: true, recursive: true });
      removed++;
    }
    return removed;
  }

  async *listKeys(): AsyncIterable<StoredKey> {
    for (const entry of await readdir(this.root, { recursive: true, withFileTypes: true }).catch(() => [])) {
      if (!entry.isFile()) continue;
      const key = path.relative(this.root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
      if (!BLOB_KEY_PATTERN.test(key)) continue;
      const info = await stat(path.join(this.root, key)).catch(() => null);
      if (info) yield { key, modifiedAt: info.mtime };
    }
  }

  private tempPath(token: string): string {
    if (!STAGING_TOKEN_PATTERN.test(token)) throw new AppError(ErrorCode.INTERNAL, 'Invalid staging token');
    return path.join(this.tmpDir, token);
  }

  private resolve(key: string): string {
    if (!BLOB_KEY_PATTERN.test(key)) throw new AppError(ErrorCode.INTERNAL, 'Invalid storage key');
    return path.join(this.root, key);
  }
}
