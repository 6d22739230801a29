import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { AppError, fileTooLarge } from '../errors.js';

const HEAD_BYTES = 64 * 1024;

/**
 * What both blob stores do to an upload on its way to storage: hash it, count it against the
 * size limit (failing the stream at the first byte over), and keep the first bytes for format
 * detection, so the bytes are read exactly once whatever the store.
 */
export interface Meter {
  transform: Transform;
  result(): { sha256: string; sizeBytes: number; head: Buffer };
}

export function createMeter(maxBytes: number): Meter {
  const hash = createHash('sha256');
  const headParts: Buffer[] = [];
  let headLen = 0;
  let size = 0;
  const transform = new Transform({
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
  return { transform, result: () => ({ sha256: hash.digest('hex'), sizeBytes: size, head: Buffer.concat(headParts) }) };
}

/**
 * Reads the source by iteration, not by pipe: graphql-upload-minimal unpipes a file stream when
 * it hits its size limit, which would leave a piped pipeline waiting forever.
 */
export async function* iterate(source: Readable): AsyncGenerator<Buffer> {
  for await (const chunk of source) yield chunk as Buffer;
}

/** Opens the upload's source, turning the upload library's own limit into FILE_TOO_LARGE. */
export function openSource(open: () => Readable, maxBytes: number): Readable {
  try {
    return open();
  } catch (err) {
    throw isSizeLimitError(err) ? fileTooLarge(maxBytes) : err;
  }
}

/** busboy ends a file cut at its limit as if it were complete, flagging it as truncated. */
export function wasTruncated(source: Readable): boolean {
  return Boolean((source as { truncated?: boolean }).truncated);
}

/** The upload library reports its own size limit as an HTTP 413 error. */
export function isSizeLimitError(err: unknown): boolean {
  if (err instanceof AppError) return false;
  return (err as { status?: number }).status === 413 || /exceeds the \d+ byte size limit/.test(String(err));
}
