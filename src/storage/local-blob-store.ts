import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, ErrorCode, fileTooLarge } from '../errors.js';
import type { BlobStore, StagedBlob } from './blob-store.js';

const HEAD_BYTES = 64 * 1024;
/** Keys are produced by blobKey(); anything else is refused before it can touch the disk. */
const KEY_PATTERN = /^[0-9a-f-]{36}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

/**
 * Blob store on a local folder (or a shared volume in services mode). Writes go to `tmp/` on the
 * same filesystem, are fsynced, then renamed into place, so a crash never leaves a half-written
 * original under its permanent name.
 */
export class LocalBlobStore implements BlobStore {
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = path.join(root, '.tmp');
  }

  async init(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
  }

  async stage(openSource: () => Readable, maxBytes: number): Promise<StagedBlob> {
    let source: Readable;
    try {
      source = openSource();
    } catch (err) {
      throw isSizeLimitError(err) ? fileTooLarge(maxBytes) : err;
    }
    const token = randomUUID();
    const tmp = this.tempPath(token);
    const hash = createHash('sha256');
    const headParts: Buffer[] = [];
    let headLen = 0;
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(fileTooLarge(maxBytes));
        hash.update(chunk);
        if (headLen < HEAD_BYTES) {
          const part = chunk.subarray(0, HEAD_BYTES - headLen);
          headParts.push(part);
          headLen += part.length;
        }
        done(null, chunk);
      },
    });
    try {
      // Read by iteration, not by pipe: graphql-upload-minimal unpipes a file stream when it hits
      // its size limit, which would leave a piped pipeline waiting forever.
      await pipeline(
        async function* () {
          for await (const chunk of source) yield chunk as Buffer;
        },
        meter,
        createWriteStream(tmp, { flags: 'wx' }),
      );
      // busboy ends a file cut at its limit as if it were complete, flagging it as truncated.
      if ((source as { truncated?: boolean }).truncated) throw fileTooLarge(maxBytes);
      const fh = await open(tmp, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (err) {
      await rm(tmp, { force: true });
      throw isSizeLimitError(err) ? fileTooLarge(maxBytes) : err;
    }
    return { sha256: hash.digest('hex'), sizeBytes: size, head: Buffer.concat(headParts), token };
  }

  async commit(staged: StagedBlob, key: string): Promise<void> {
    const target = this.resolve(key);
    await mkdir(path.dirname(target), { recursive: true });
    if (await this.exists(key)) {
      await this.discard(staged);
      return;
    }
    await rename(this.tempPath(staged.token), target);
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

  private tempPath(token: string): string {
    if (!/^[0-9a-f-]{36}$/.test(token)) throw new AppError(ErrorCode.INTERNAL, 'Invalid staging token');
    return path.join(this.tmpDir, token);
  }

  private resolve(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new AppError(ErrorCode.INTERNAL, 'Invalid storage key');
    return path.join(this.root, key);
  }
}

/** The upload library reports its own size limit as an HTTP 413 error. */
export function isSizeLimitError(err: unknown): boolean {
  if (err instanceof AppError) return false;
  return (err as { status?: number }).status === 413 || /exceeds the \d+ byte size limit/.test(String(err));
}
