import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { createContainer, type Container } from '../../src/app/container.js';
import type { Chunk } from '../../src/chunker/types.js';
import { loadConfig } from '../../src/config.js';
import { defaultConvertOptions } from '../../src/converters/core/types.js';
import { appendDocumentEvent } from '../../src/db/repositories/events-repo.js';
import { addToOutbox } from '../../src/db/repositories/outbox-repo.js';
import { insertUser } from '../../src/db/repositories/users-repo.js';
import { documents, type DocumentRow } from '../../src/db/schema/index.js';
import { blobKey } from '../../src/storage/blob-store.js';

/**
 * The medium tier's fixture, as Immich's medium tests do it: the real container of the embedded
 * default (PGlite with its migrations, the in-process queue, the in-memory event bus, the local
 * blob store) in this process, on a fresh temporary DATA_DIR. No servers, no HTTP; a test calls
 * pipeline code, services and repositories directly and sees the database they write.
 */
export interface MediumContainer {
  c: Container;
  dataDir: string;
  /** Closes the container (and anything it started) and deletes the data directory. */
  close(): Promise<void>;
}

/** `log`: a test that checks what the pipeline logs passes its own logger (silent otherwise). */
export async function createMediumContainer(env: Record<string, string> = {}, log?: Logger): Promise<MediumContainer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'docsphere-medium-'));
  const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', WORKER_CONCURRENCY: '1', ...env });
  const c = await createContainer(config, log ?? pino({ level: 'silent' }));
  return {
    c,
    dataDir,
    async close() {
      await c.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A user row to own documents (no password: these tests never log in). */
export async function createOwner(c: Container): Promise<string> {
  const user = await insertUser(c.db, `medium-${randomUUID()}@example.com`, 'x');
  if (!user) throw new Error('user insert returned no row');
  return user.id;
}

/**
 * What an upload commits, in the same shape and transaction (services/upload-document): the blob,
 * the QUEUED document row, its outbox job and its DOCUMENT_UPLOADED event. Done through the
 * repositories here so the pipeline's tests do not depend on the upload door's format checks.
 */
export async function storeDocument(
  c: Container,
  ownerId: string,
  file: { name: string; mimeType: string; bytes: Uint8Array },
): Promise<DocumentRow> {
  const staged = await c.blobs.stage(() => Readable.from([Buffer.from(file.bytes)]), c.config.maxFileSize);
  const { sha256 } = staged;
  const storageKey = blobKey(ownerId, sha256);
  await c.blobs.commit(staged, storageKey);
  return c.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(documents)
      .values({
        ownerId,
        filename: file.name,
        mimeType: file.mimeType,
        sizeBytes: file.bytes.byteLength,
        sha256,
        storageKey,
        options: { ...defaultConvertOptions, languages: c.config.ocrLanguages },
      })
      .returning();
    if (!row) throw new Error('document insert returned no row');
    await addToOutbox(tx, row);
    await appendDocumentEvent(tx, row, 'DOCUMENT_UPLOADED');
    return row;
  });
}

/** A plain text chunk of document `docId` under `headings`, for tests that write chunks directly. */
export function textChunk(docId: string, index: number, headings: string[], text: string, id = `${docId}-${index}-${text.length}`): Chunk {
  return {
    id,
    index,
    content: text,
    text,
    headings,
    pageStart: null,
    pageEnd: null,
    charStart: 0,
    charEnd: text.length,
    tokenCount: 100,
    boxes: null,
  };
}
