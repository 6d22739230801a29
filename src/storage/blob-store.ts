import type { Readable } from 'node:stream';

/**
 * The blob store port: originals are written once, addressed by owner and content hash, and never
 * modified. Uploads are staged (streamed to a temporary file while hashed and measured) before
 * they get a permanent key, so a failed or oversized upload leaves nothing behind.
 */
export interface StagedBlob {
  sha256: string;
  sizeBytes: number;
  /** The first bytes, for format detection without reading the file again. */
  head: Buffer;
  /** Opaque to callers; only the store that staged it can commit or discard it. */
  readonly token: string;
}

export interface BlobStore {
  /**
   * Opens the source and streams it to a temporary file; rejects with FILE_TOO_LARGE past
   * `maxBytes` (also when the upload library already cut the stream at its own limit).
   */
  stage(open: () => Readable, maxBytes: number): Promise<StagedBlob>;
  /** Moves a staged blob to its permanent key (atomic); a blob already there is kept as is. */
  commit(staged: StagedBlob, key: string): Promise<void>;
  discard(staged: StagedBlob): Promise<void>;
  /** The whole staged file, for the rare formats whose type is not told by the first bytes. */
  readStaged(staged: StagedBlob): Promise<Buffer>;
  read(key: string): Promise<Buffer>;
  createReadStream(key: string): Readable;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

/** Owner-scoped content address: a user's files never share a path with another user's. */
export function blobKey(ownerId: string, sha256: string): string {
  return `${ownerId}/${sha256.slice(0, 2)}/${sha256}`;
}
