/**
 * Reading ZIP containers (archives, EPUB) under the upload's limits.
 *
 * Sizes in ZIP headers are claims, not facts: a bomb states small sizes and inflates to
 * gigabytes, and overlapping entries reuse one compressed stream many times. So every entry is
 * inflated as a stream and the bytes that really come out are counted against the limits while
 * they arrive; inflation stops at the first chunk over a limit, before it is kept.
 */
import JSZip from 'jszip';
import type { NestingContext } from './types.js';
import { corruptDocument, encryptedDocument } from '../../errors.js';
import { resourceLimit } from './nesting.js';

/**
 * Below this many inflated bytes the ratio is not judged: a few kilobytes of zeros compress a
 * thousandfold, and small files cannot hurt anyone whatever their ratio.
 */
const RATIO_GRACE_BYTES = 1024 * 1024;

/** jszip keeps the central directory's compressed size on a private field. */
function compressedSizeOf(entry: JSZip.JSZipObject): number | undefined {
  return (entry as unknown as { _data?: { compressedSize?: number } })._data?.compressedSize;
}

/**
 * Opens a ZIP container. `what` names it in errors ("The archive", "The EPUB").
 * @throws AppError ENCRYPTED_DOCUMENT for encrypted entries, CORRUPT_DOCUMENT otherwise
 */
export async function openZip(bytes: Uint8Array, what: string): Promise<JSZip> {
  try {
    return await JSZip.loadAsync(bytes, { checkCRC32: false, createFolders: false });
  } catch (err) {
    if (/encrypted/i.test((err as Error).message ?? '')) throw encryptedDocument();
    throw corruptDocument(`${what} could not be read: it is damaged or incomplete`, err);
  }
}

/**
 * Inflates one entry, counting real output against the upload's byte budget and against the
 * ratio, per entry and for the container as a whole (`containerOut` accumulates across calls).
 * @throws AppError RESOURCE_LIMIT as soon as a limit is passed
 */
export async function inflateEntry(
  entry: JSZip.JSZipObject,
  nesting: NestingContext,
  containerBytes: number,
  containerOut: { bytes: number },
): Promise<Uint8Array> {
  const { limits, usage } = nesting;
  const compressed = compressedSizeOf(entry);
  const chunks: Buffer[] = [];
  let entryBytes = 0;
  /** Counts a chunk; returns the limit it breaks, if any. */
  const overLimit = (length: number): Error | null => {
    entryBytes += length;
    containerOut.bytes += length;
    usage.bytes += length;
    if (usage.bytes > limits.maxTotalBytes) {
      return resourceLimit(`The upload expands to more than ${limits.maxTotalBytes} bytes`, {
        maxTotalBytes: limits.maxTotalBytes,
      });
    }
    const entryBomb = compressed !== undefined && entryBytes > RATIO_GRACE_BYTES && entryBytes > limits.maxRatio * Math.max(compressed, 1);
    const containerBomb = containerOut.bytes > RATIO_GRACE_BYTES && containerOut.bytes > limits.maxRatio * containerBytes;
    if (!entryBomb && !containerBomb) return null;
    return resourceLimit(`The archive expands more than ${limits.maxRatio} times: a zip bomb?`, {
      maxRatio: limits.maxRatio,
    });
  };
  // jszip's stream is an old-style Readable (not async-iterable): consumed by events. Once it is
  // paused and no longer read, jszip stops inflating as soon as its small buffer is full.
  await new Promise<void>((resolve, reject) => {
    const stream = entry.nodeStream('nodebuffer');
    stream.on('data', (chunk: Buffer) => {
      const broken = overLimit(chunk.length);
      if (!broken) {
        chunks.push(chunk);
        return;
      }
      stream.pause();
      stream.removeAllListeners('data');
      reject(broken);
    });
    stream.on('error', (err: unknown) => reject(corruptDocument(`The archive entry ${entry.name} is damaged`, err)));
    stream.on('end', () => resolve());
  });
  return Buffer.concat(chunks);
}
