import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Config } from '../config.js';
import { AppError, ErrorCode, fileTooLarge } from '../errors.js';
import type { Logger } from '../logger.js';
import { BLOB_KEY_PATTERN, STAGING_TOKEN_PATTERN, type BlobStore, type StagedBlob, type StoredKey } from './blob-store.js';
import { createMeter, isSizeLimitError, iterate, openSource, wasTruncated } from './meter.js';

/** Multipart part size: 8 MB keeps memory per upload small (lib-storage buffers one part per slot). */
const PART_SIZE = 8 * 1024 * 1024;

/**
 * Blob store on S3-compatible object storage (AWS S3, MinIO, Ceph, R2…). An upload streams to a
 * staging key under `<prefix>/.tmp/` (multipart, while hashed), and commit copies it server-side to
 * its content address and deletes the staging object. S3 has no rename, so this is the atomic
 * step: a permanent key only ever holds a complete original. A crash can leave a staging object,
 * an unfinished multipart upload, or (between commit and the document row) an unreferenced
 * original; the sweeper (storage/sweeper.ts) removes all three once they are old enough.
 */
export class S3BlobStore implements BlobStore {
  private readonly s3: S3Client;
  private readonly bucket: string;
  private readonly base: string;

  constructor(
    private readonly config: S3Config,
    private readonly log: Logger,
  ) {
    this.s3 = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials,
      maxAttempts: config.maxAttempts,
    });
    this.bucket = config.bucket;
    this.base = config.prefix ? `${config.prefix}/` : '';
  }

  /** Fails the start with a readable message when the bucket is missing or the credentials are wrong. */
  async init(): Promise<void> {
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      throw new Error(`S3 bucket ${this.bucket} is not reachable: ${(err as Error).name} ${(err as Error).message}`, { cause: err });
    }
  }

  async stage(open: () => Readable, maxBytes: number): Promise<StagedBlob> {
    const source = openSource(open, maxBytes);
    const token = randomUUID();
    const meter = createMeter(maxBytes);
    const body = new PassThrough();
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.bucket, Key: this.stagingKey(token), Body: body, ...this.encryption() },
      partSize: PART_SIZE,
      queueSize: 2,
      leavePartsOnError: false,
    });
    try {
      await Promise.all([pipeline(iterate(source), meter.transform, body), upload.done()]);
      if (wasTruncated(source)) throw fileTooLarge(maxBytes);
    } catch (err) {
      await upload.abort().catch(() => {});
      await this.deleteObject(this.stagingKey(token)).catch(() => {});
      throw isSizeLimitError(err) ? fileTooLarge(maxBytes) : err;
    }
    return { ...meter.result(), token };
  }

  async commit(staged: StagedBlob, key: string): Promise<void> {
    const target = this.objectKey(key);
    const from = this.stagingKey(staged.token);
    // An existing original is kept; copying it onto itself refreshes its LastModified, which
    // tells the sweeper it is in use again (the caller's document row commits next).
    const exists = await this.exists(key);
    await this.s3.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: target,
        CopySource: `${this.bucket}/${exists ? target : from}`,
        MetadataDirective: exists ? 'REPLACE' : 'COPY',
        ...this.encryption(),
      }),
    );
    await this.deleteObject(from);
  }

  async discard(staged: StagedBlob): Promise<void> {
    await this.deleteObject(this.stagingKey(staged.token));
  }

  readStaged(staged: StagedBlob): Promise<Buffer> {
    return this.readObject(this.stagingKey(staged.token));
  }

  read(key: string): Promise<Buffer> {
    return this.readObject(this.objectKey(key));
  }

  createReadStream(key: string): Readable {
    const out = new PassThrough();
    const objectKey = this.objectKey(key);
    void (async () => {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      await pipeline(res.Body as Readable, out);
    })().catch((err: unknown) => out.destroy(err as Error));
    return out;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.deleteObject(this.objectKey(key));
  }

  async sweepStaging(olderThan: Date): Promise<number> {
    let removed = 0;
    for await (const object of this.list(`${this.base}.tmp/`)) {
      if (object.modifiedAt >= olderThan) continue;
      await this.deleteObject(object.key);
      removed++;
    }
    return removed + (await this.abortStaleMultipart(olderThan));
  }

  async *listKeys(): AsyncIterable<StoredKey> {
    for await (const object of this.list(this.base)) {
      const key = object.key.slice(this.base.length);
      if (BLOB_KEY_PATTERN.test(key)) yield { key, modifiedAt: object.modifiedAt };
    }
  }

  /**
   * Multipart uploads cut off by a crash hold their parts (and cost) until aborted. Some servers
   * (s3rver) do not list them; a bucket lifecycle rule (AbortIncompleteMultipartUpload) is then
   * the backstop, as the README says.
   */
  private async abortStaleMultipart(olderThan: Date): Promise<number> {
    let removed = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    try {
      do {
        const page = await this.s3.send(
          new ListMultipartUploadsCommand({
            Bucket: this.bucket,
            Prefix: `${this.base}.tmp/`,
            KeyMarker: keyMarker,
            UploadIdMarker: uploadIdMarker,
          }),
        );
        for (const u of page.Uploads ?? []) {
          if (!u.Key || !u.UploadId || (u.Initiated && u.Initiated >= olderThan)) continue;
          await this.s3.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: u.Key, UploadId: u.UploadId }));
          removed++;
        }
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
      } while (keyMarker);
    } catch (err) {
      if ((err as Error).name !== 'NotImplemented') throw err;
      this.log.debug('the S3 server does not list multipart uploads; rely on a lifecycle rule');
    }
    return removed;
  }

  private async *list(prefix: string): AsyncIterable<StoredKey> {
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key) yield { key: o.Key, modifiedAt: o.LastModified ?? new Date(0) };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  private async readObject(objectKey: string): Promise<Buffer> {
    const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
    if (!res.Body) throw new Error(`empty response for ${objectKey}`);
    return Buffer.from(await res.Body.transformToByteArray());
  }

  private async deleteObject(objectKey: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
  }

  private encryption(): { ServerSideEncryption?: ServerSideEncryption; SSEKMSKeyId?: string } {
    const sse = this.config.sse;
    return sse ? { ServerSideEncryption: sse.algorithm, SSEKMSKeyId: sse.kmsKeyId } : {};
  }

  private stagingKey(token: string): string {
    if (!STAGING_TOKEN_PATTERN.test(token)) throw new AppError(ErrorCode.INTERNAL, 'Invalid staging token');
    return `${this.base}.tmp/${token}`;
  }

  private objectKey(key: string): string {
    if (!BLOB_KEY_PATTERN.test(key)) throw new AppError(ErrorCode.INTERNAL, 'Invalid storage key');
    return `${this.base}${key}`;
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}
