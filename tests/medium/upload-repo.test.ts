import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxPriority } from '../../src/db/repositories/outbox-repo.js';
import { insertUpload } from '../../src/db/repositories/upload-repo.js';
import { auditLog, documentEvents, documents, jobOutbox } from '../../src/db/schema/index.js';
import { defaultConvertOptions } from '../../src/converters/core/types.js';
import { createMediumContainer, createOwner, type MediumContainer } from './medium-container.js';

/**
 * An upload's single statement (db/repositories/upload-repo.ts): a new document comes with
 * exactly one outbox row, one audit entry and one DOCUMENT_UPLOADED event, and the returned
 * message is that event's row; the owner's copy of the same bytes writes none of them.
 */
describe('upload repository', () => {
  let m: MediumContainer;

  beforeAll(async () => {
    m = await createMediumContainer();
  }, 60_000);

  afterAll(async () => m?.close());

  const values = (ownerId: string, sha256: string) => ({
    ownerId,
    filename: 'note.md',
    mimeType: 'text/markdown',
    sizeBytes: 2_000,
    sha256,
    storageKey: `${ownerId}/${sha256}`,
    options: { ...defaultConvertOptions },
    metadata: { path: 'notes/note.md' },
    priority: 'HIGH' as const,
  });
  const rowsOf = async (documentId: string) => ({
    outbox: await m.c.db.select().from(jobOutbox).where(eq(jobOutbox.documentId, documentId)),
    audit: await m.c.db.select().from(auditLog).where(eq(auditLog.documentId, documentId)),
    events: await m.c.db.select().from(documentEvents).where(eq(documentEvents.documentId, documentId)),
  });

  it('writes the document with its outbox row, audit entry and event, and returns the event as published', async () => {
    const ownerId = await createOwner(m.c);
    const done = await insertUpload(m.c.db, values(ownerId, randomUUID()), { ip: '192.0.2.7', details: { filename: 'note.md' } });
    expect(done).not.toBeNull();
    const { row, message } = done!;
    expect(row).toMatchObject({ ownerId, status: 'QUEUED', generation: 1, priority: 'HIGH', metadata: { path: 'notes/note.md' } });
    expect(row.createdAt).toBeInstanceOf(Date);

    const { outbox, audit, events } = await rowsOf(row.id);
    expect(outbox).toEqual([
      expect.objectContaining({ generation: 1, ownerId, priority: outboxPriority('HIGH', 2_000), dispatchedAt: null }),
    ]);
    expect(audit).toEqual([
      expect.objectContaining({ ownerId, action: 'DOCUMENT_UPLOADED', ip: '192.0.2.7', details: { filename: 'note.md' } }),
    ]);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({ type: 'DOCUMENT_UPLOADED', ownerId, status: 'QUEUED', stage: null, progress: 0, page: null });
    expect(message).toEqual({
      cursor: String(event!.id),
      type: 'DOCUMENT_UPLOADED',
      documentId: row.id,
      ownerId,
      status: 'QUEUED',
      stage: null,
      progress: 0,
      page: null,
      pageCount: null,
      errorCode: null,
      errorMessage: null,
      occurredAt: event!.createdAt.toISOString(),
    });
  });

  it("returns null for the owner's copy of the same bytes and writes nothing for it", async () => {
    const ownerId = await createOwner(m.c);
    const sha256 = randomUUID();
    const first = await insertUpload(m.c.db, values(ownerId, sha256), { ip: null, details: {} });
    expect(first).not.toBeNull();
    expect(await insertUpload(m.c.db, values(ownerId, sha256), { ip: null, details: {} })).toBeNull();

    const copies = await m.c.db.select({ id: documents.id }).from(documents).where(eq(documents.sha256, sha256));
    expect(copies).toEqual([{ id: first!.row.id }]);
    const { outbox, audit, events } = await rowsOf(first!.row.id);
    expect([outbox.length, audit.length, events.length]).toEqual([1, 1, 1]);
    // Another owner's same bytes are their own document.
    const other = await insertUpload(m.c.db, values(await createOwner(m.c), sha256), { ip: null, details: {} });
    expect(other?.row.id).not.toBe(first!.row.id);
  });
});
