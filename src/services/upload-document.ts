import type { Readable } from 'node:stream';
import type { Container } from '../app/container.js';
import { defaultConvertOptions, type ConvertOptions } from '../converters/types.js';
import { appendDocumentEvent } from '../db/repositories/events-repo.js';
import { findOwnedBySha, type DocumentSummary } from '../db/repositories/documents-repo.js';
import { documents } from '../db/schema/index.js';
import { blobKey } from '../storage/blob-store.js';
import type { AuthUser } from './auth-service.js';
import { publish } from './document-transitions.js';
import { requireSupportedFormat } from './extract-document.js';
import { sanitizeFilename } from './filename.js';

/** What every door (GraphQL multipart, REST, CLI) hands over: a name and a byte stream. */
export interface IncomingFile {
  filename?: string | null;
  createReadStream(): Readable;
}

export interface UploadResult {
  document: DocumentSummary;
  duplicate: boolean;
}

/** Small files jump the queue: an interactive upload should not wait behind a 50 MB scan. */
const priorityFor = (sizeBytes: number) => (sizeBytes < 1_000_000 ? 1 : sizeBytes < 10_000_000 ? 5 : 10);

/**
 * Stores an upload and queues it. The bytes are streamed to disk while hashed, never held whole
 * in memory; the format is detected from the bytes (the client's name and type are untrusted);
 * the same bytes from the same user return the existing document instead of a copy.
 */
export async function uploadDocument(
  c: Container,
  user: AuthUser,
  file: IncomingFile,
  options: Partial<ConvertOptions> = {},
): Promise<UploadResult> {
  const filename = sanitizeFilename(file.filename);
  const staged = await c.blobs.stage(() => file.createReadStream(), c.config.maxFileSize);
  try {
    const format = await requireSupportedFormat(staged.head, filename);
    const existing = await findOwnedBySha(c.db, user.id, staged.sha256);
    if (existing) {
      await c.blobs.discard(staged);
      return { document: existing, duplicate: true };
    }
    const storageKey = blobKey(user.id, staged.sha256);
    await c.blobs.commit(staged, storageKey);

    const inserted = await c.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(documents)
        .values({
          ownerId: user.id,
          filename,
          mimeType: format.mimeType,
          sizeBytes: staged.sizeBytes,
          sha256: staged.sha256,
          storageKey,
          options: { ...defaultConvertOptions, ...options },
        })
        .onConflictDoNothing()
        .returning();
      if (!row) return null;
      return { row, message: await appendDocumentEvent(tx, row, 'DOCUMENT_UPLOADED') };
    });
    if (!inserted) {
      // A concurrent upload of the same bytes won the race; answer with its document.
      const winner = await findOwnedBySha(c.db, user.id, staged.sha256);
      if (winner) return { document: winner, duplicate: true };
      throw new Error('document vanished after a conflicting insert');
    }
    publish(c, inserted.message);
    const { row } = inserted;
    // If this fails (Redis down), the document stays QUEUED and the reconciler picks it up.
    await c.queue
      .enqueue('document.process', { documentId: row.id, generation: row.generation }, { priority: priorityFor(row.sizeBytes) })
      .catch((err: unknown) => c.log.error({ err, documentId: row.id }, 'enqueue failed; left for the reconciler'));
    const { markdown: _m, plainText: _t, ...summary } = row;
    return { document: summary, duplicate: false };
  } catch (err) {
    await c.blobs.discard(staged);
    throw err;
  }
}
