import type { Readable } from 'node:stream';
import { recordUpload } from '../metrics/hooks.js';
import type { Container } from '../app/container.js';
import { defaultConvertOptions, type ConvertOptions } from '../converters/core/types.js';
import { appendDocumentEvent } from '../db/repositories/events-repo.js';
import { addToOutbox } from '../jobs/outbox.js';
import { nudgeDispatch } from '../jobs/pipeline-loops.js';
import { findOwnedBySha, type DocumentSummary } from '../db/repositories/documents-repo.js';
import { documents } from '../db/schema/index.js';
import { blobKey } from '../storage/blob-store.js';
import type { AuthUser } from './auth-service.js';
import { audit } from './audit-log.js';
import { publish } from './document-transitions.js';
import { requireSupportedFormat } from './extract-document.js';
import { sanitizeFilename } from './filename.js';

/** What every door (GraphQL multipart, REST, CLI) hands over: a name and a byte stream. */
export interface IncomingFile {
  filename?: string | null;
  createReadStream(): Readable;
}

/** Where the file came from on the client (a folder upload): kept as `metadata.path`. */
export interface UploadMeta {
  path?: string;
}

export interface UploadResult {
  document: DocumentSummary;
  duplicate: boolean;
}

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
  meta: UploadMeta = {},
): Promise<UploadResult> {
  const filename = sanitizeFilename(file.filename);
  const staged = await c.blobs.stage(() => file.createReadStream(), c.config.maxFileSize);
  try {
    const format = await requireSupportedFormat(staged.head, filename, async () => c.blobs.readStaged(staged));
    const existing = await findOwnedBySha(c.db, user.id, staged.sha256);
    recordUpload(staged.sizeBytes, existing !== null);
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
          options: { ...defaultConvertOptions, languages: c.config.ocrLanguages, ...options },
          metadata: meta.path ? { path: meta.path } : {},
        })
        .onConflictDoNothing()
        .returning();
      if (!row) return null;
      // The pending job commits with the row (outbox); jobs/outbox.ts dispatches it, small files first.
      await addToOutbox(tx, row);
      return { row, message: await appendDocumentEvent(tx, row, 'DOCUMENT_UPLOADED') };
    });
    if (!inserted) {
      // A concurrent upload of the same bytes won the race; answer with its document.
      const winner = await findOwnedBySha(c.db, user.id, staged.sha256);
      if (winner) return { document: winner, duplicate: true };
      throw new Error('document vanished after a conflicting insert');
    }
    publish(c, inserted.message);
    await audit(c, { userId: user.id, action: 'DOCUMENT_UPLOADED', documentId: inserted.row.id, details: { filename } });
    const { row } = inserted;
    nudgeDispatch();
    const { markdown: _m, plainText: _t, ...summary } = row;
    return { document: summary, duplicate: false };
  } catch (err) {
    await c.blobs.discard(staged);
    throw err;
  }
}
