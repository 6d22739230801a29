import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

/** The blob store adapter the config asks for (STORAGE_URL=s3://… or the local default), ready to use. */
export async function createBlobStore(config: Config, log: Logger): Promise<BlobStore> {
  const store = config.storage.s3 ? new S3BlobStore(config.storage.s3, log) : new LocalBlobStore(config.filesDir);
  await store.init();
  return store;
}
