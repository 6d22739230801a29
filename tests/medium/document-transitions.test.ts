import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDocumentForPipeline } from '../../src/db/repositories/documents-repo.js';
import { documentEvents, documents } from '../../src/db/schema/index.js';
import { transition } from '../../src/pipeline/document-transitions.js';
import { DocumentWriter } from '../../src/pipeline/document-writer.js';
import type { DocumentEventMessage } from '../../src/pubsub/topics.js';
import { createMediumContainer, createOwner, storeDocument, type MediumContainer } from './medium-container.js';

/**
 * The document state machine on a real database: a change commits with its event row and is
 * published after the commit; a change aimed at a generation the document has left (cancelled,
 * reprocessed) or at a deleted document is refused, leaving no row change, no event and no
 * message; work joined to a change (`extra`) commits or rolls back with it.
 */
describe('document transitions', () => {
  let m: MediumContainer;
  let ownerId: string;
  const published: DocumentEventMessage[] = [];
  let stopListening = () => {};

  beforeAll(async () => {
    m = await createMediumContainer();
    ownerId = await createOwner(m.c);
    const listener = m.c.bus.listenDocumentEvents(ownerId, (e) => published.push(e));
    await listener.ready;
    stopListening = listener.close;
  }, 60_000);

  afterAll(async () => {
    stopListening();
    await m?.close();
  });

  const newDoc = (name: string) =>
    storeDocument(m.c, ownerId, { name, mimeType: 'text/plain', bytes: new TextEncoder().encode(`${name} ${Math.random()}`) });
  const eventsOf = (id: string) => m.c.db.select().from(documentEvents).where(eq(documentEvents.documentId, id));

  it('commits the change with its event and publishes it', async () => {
    const doc = await newDoc('legal.txt');
    const row = await transition(m.c, doc, { status: 'PROCESSING', stage: 'convert', progress: 0 }, 'PROCESSING_STATUS', {
      details: { page: 1, pageCount: 2 },
    });
    expect(row).toMatchObject({ id: doc.id, status: 'PROCESSING', stage: 'convert', generation: doc.generation });
    const events = await eventsOf(doc.id);
    expect(events.map((e) => e.type)).toEqual(['DOCUMENT_UPLOADED', 'PROCESSING_STATUS']);
    expect(events[1]).toMatchObject({ status: 'PROCESSING', stage: 'convert', page: 1, pageCount: 2 });
    expect(published.filter((e) => e.documentId === doc.id).map((e) => e.cursor)).toEqual([String(events[1]!.id)]);
  });

  it('writes announced changes with the next one, each event as the document stood then', async () => {
    const doc = await newDoc('batched.txt');
    const writer = new DocumentWriter(m.c, doc, 60_000);
    // Written alone (as when the stage ran longer than the announcement waits).
    await writer.transition({ status: 'PROCESSING', stage: 'embed', progress: 0.65 }, 'PROCESSING_STATUS');
    // A stage's last progress report sets neither status nor stage (progress.ts).
    writer.announce({ progress: 0.85 }, 'PROCESSING_STATUS', { page: 3, pageCount: 3 });
    writer.announce({ status: 'PROCESSING', stage: 'index', progress: 0.85 });
    const row = await writer.transition({ status: 'INDEXED', progress: 1 }, 'DOCUMENT_INDEXED');
    writer.dispose();
    expect(row).toMatchObject({ status: 'INDEXED', stage: 'index', progress: 1 });
    const events = (await eventsOf(doc.id)).sort((a, b) => a.id - b.id);
    expect(events.map((e) => [e.type, e.status, e.stage, e.progress, e.page])).toEqual([
      ['DOCUMENT_UPLOADED', 'QUEUED', null, 0, null],
      ['PROCESSING_STATUS', 'PROCESSING', 'embed', 0.65, null],
      ['PROCESSING_STATUS', 'PROCESSING', 'embed', 0.85, 3],
      ['PROCESSING_STATUS', 'PROCESSING', 'index', 0.85, null],
      ['DOCUMENT_INDEXED', 'INDEXED', 'index', 1, null],
    ]);
    // The last three in one transaction: they share its timestamp.
    expect(new Set(events.slice(2).map((e) => e.createdAt.getTime())).size).toBe(1);
  });

  it('refuses a change at a generation the document has left', async () => {
    const doc = await newDoc('stale.txt');
    // Cancel and reprocess bump the generation; the job still holds the old one.
    await m.c.db
      .update(documents)
      .set({ generation: doc.generation + 1 })
      .where(eq(documents.id, doc.id));
    const row = await transition(m.c, doc, { status: 'INDEXED', progress: 1 }, 'DOCUMENT_INDEXED');
    expect(row).toBeNull();
    expect(await findDocumentForPipeline(m.c.db, doc.id)).toMatchObject({ status: 'QUEUED', progress: 0, generation: doc.generation + 1 });
    expect((await eventsOf(doc.id)).map((e) => e.type)).toEqual(['DOCUMENT_UPLOADED']);
    expect(published.some((e) => e.documentId === doc.id)).toBe(false);
  });

  it('refuses a change to a deleted document', async () => {
    const doc = await newDoc('deleted.txt');
    await m.c.db.delete(documents).where(eq(documents.id, doc.id));
    expect(await transition(m.c, doc, { status: 'PROCESSING' }, 'PROCESSING_STATUS')).toBeNull();
    expect(published.some((e) => e.documentId === doc.id)).toBe(false);
  });

  it('rolls the change and its event back when the joined work fails', async () => {
    const doc = await newDoc('rollback.txt');
    const failing = transition(m.c, doc, { status: 'INDEXED', progress: 1 }, 'DOCUMENT_INDEXED', {
      extra: async () => {
        throw new Error('chunk write failed');
      },
    });
    await expect(failing).rejects.toThrow('chunk write failed');
    expect(await findDocumentForPipeline(m.c.db, doc.id)).toMatchObject({ status: 'QUEUED', progress: 0 });
    expect((await eventsOf(doc.id)).map((e) => e.type)).toEqual(['DOCUMENT_UPLOADED']);
    expect(published.some((e) => e.documentId === doc.id)).toBe(false);
  });
});
