import { recordUpload } from '../../metrics/hooks.js';
import type { Container } from '../../app/container.js';
import { defaultConvertOptions, type ConvertOptions } from '../../converters/core/types.js';
import { insertUpload } from '../../db/repositories/upload-repo.js';
import { findOwnedBySha } from '../../db/repositories/documents-repo.js';
import { insertCollectionDocuments } from '../../db/repositories/collections-repo.js';
import { badInput } from '../../errors.js';
import { requireCollectionRole, requireId } from '../collections/collection-access.js';
import { blobKey } from '../../storage/blob-store.js';
import type { AuthUser } from '../auth/types.js';
import { currentIp } from '../../security/tenant-scope.js';
import { publish } from '../../pipeline/document-transitions.js';
import { requireSupportedFormat } from './extract-document.js';
import { sanitizeFilename } from './filename.js';
import { withoutContent } from './document-presenter.js';
import type { IncomingFile, UploadMeta, UploadResult } from './types.js';
import { nudgeDispatch } from '../../jobs/outbox-nudge.js';

/**
 * Stores an upload and queues it. The bytes are streamed to disk while hashed, never held whole
 * in memory; the format is detected from the bytes (the client's name and type are untrusted);
 * the same bytes from the same user return the existing document instead of a copy. With
 * `meta.collectionId` the document (new or the existing copy) is also put into that collection;
 * the uploader's role there is checked before a byte is stored.
 */
export async function uploadDocument(
  c: Container,
  user: AuthUser,
  file: IncomingFile,
  options: Partial<ConvertOptions> = {},
  meta: UploadMeta = {},
): Promise<UploadResult> {
  const filename = sanitizeFilename(file.filename);
  const collectionId = meta.collectionId ? requireId(meta.collectionId, 'Collection') : null;
  // A collection-scoped key sees only its collections: an upload outside them would vanish from its view.
  if (!collectionId && user.keyScope?.collectionIds) {
    throw badInput('This API key is limited to collections: upload into one of them', { field: 'collectionId' });
  }
  if (collectionId) await requireCollectionRole(c, user, collectionId, 'EDITOR');
  const staged = await c.blobs.stage(() => file.createReadStream(), c.config.maxFileSize);
  try {
    const format = await requireSupportedFormat(staged.head, filename, async () => c.blobs.readStaged(staged));
    // No duplicate lookup first: the insert finds the owner's copy of these bytes by its unique
    // key anyway (a statement less per upload), and committing the same bytes again under their
    // key leaves the stored original as it was (blob-store.ts, `commit`).
    const storageKey = blobKey(user.id, staged.sha256);
    await c.blobs.commit(staged, storageKey);

    const details = collectionId ? { filename, collectionId } : { filename };
    const values = {
      ownerId: user.id,
      filename,
      mimeType: format.mimeType,
      sizeBytes: staged.sizeBytes,
      sha256: staged.sha256,
      storageKey,
      options: { ...defaultConvertOptions, languages: c.config.ocrLanguages, ...options },
      metadata: meta.path ? { path: meta.path } : {},
      priority: meta.priority ?? 'NORMAL',
    } as const;
    const audit = { ip: currentIp(), details };
    // The document, its pending job (outbox: jobs/outbox.ts dispatches it, small files first),
    // its audit entry and its event are one statement (upload-repo.ts); only an upload into a
    // collection needs a transaction around it, for the collection entry.
    const inserted = collectionId
      ? await c.db.transaction(async (tx) => {
          const done = await insertUpload(tx, values, audit);
          if (done) await insertCollectionDocuments(tx, collectionId, [done.row.id], user.id);
          return done;
        })
      : await insertUpload(c.db, values, audit);
    recordUpload(staged.sizeBytes, !inserted);
    if (!inserted) {
      // The owner has these bytes already (or a concurrent upload of them won): that document.
      const existing = await findOwnedBySha(c.db, user.id, staged.sha256);
      if (!existing) throw new Error('document vanished after a conflicting insert');
      if (collectionId) await insertCollectionDocuments(c.db, collectionId, [existing.id], user.id);
      return { document: existing, duplicate: true };
    }
    publish(c, inserted.message);
    const { row } = inserted;
    nudgeDispatch(c, row.priority === 'HIGH');
    return { document: withoutContent(row), duplicate: false };
  } catch (err) {
    await c.blobs.discard(staged);
    throw err;
  }
}
