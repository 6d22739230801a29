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
  /**
   * Moves a staged blob to its permanent key (atomic); a blob already there is kept as is, but its
   * modification time is refreshed so the sweeper does not take it for an orphan before the
   * caller's document row commits.
   */
  commit(staged: StagedBlob, key: string): Promise<void>;
  discard(staged: StagedBlob): Promise<void>;
  /** The whole staged file, for the rare formats whose type is not told by the first bytes. */
  readStaged(staged: StagedBlob): Promise<Buffer>;
  read(key: string): Promise<Buffer>;
  createReadStream(key: string): Readable;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /**
   * Removes what crashed uploads left in staging (files, objects, unfinished multipart uploads)
   * older than `olderThan`; returns how many it removed. Run by the sweeper (storage/sweeper.ts).
   */
  sweepStaging(olderThan: Date): Promise<number>;
  /** Every permanent key with its last write, for the sweeper's check against the documents table. */
  listKeys(): AsyncIterable<StoredKey>;
}

export interface StoredKey {
  key: string;
  /** The last write or commit (a commit onto an existing key refreshes it, see `commit`). */
  modifiedAt: Date;
}

/** Owner-scoped content address: a user's files never share a path with another user's. */
export function blobKey(ownerId: string, sha256: string): string {
  return `${ownerId}/${sha256.slice(0, 2)}/${sha256}`;
}

/** Keys are produced by blobKey(); anything else is refused before it can reach the store. */
export const BLOB_KEY_PATTERN = /^[0-9a-f-]{36}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;
/** Staging tokens are random UUIDs. */
export const STAGING_TOKEN_PATTERN = /^[0-9a-f-]{36}$/;
