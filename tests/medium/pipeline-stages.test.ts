import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type WorkerRuntime } from '../../src/app/worker-runtime.js';
import { countDocumentChunks } from '../../src/db/repositories/chunks-repo.js';
import { findDocumentForPipeline } from '../../src/db/repositories/documents-repo.js';
import { pipelineStages, stageSpan, stageTable } from '../../src/pipeline/stages.js';
import type { DocumentEventMessage } from '../../src/pubsub/topics.js';
import { documents } from '../../src/db/schema/index.js';
import { corpus } from '../helpers/processes.js';
import { startFakeEmbeddings, type FakeEmbeddings } from '../integration/search-embeddings-server.js';
import { createMediumContainer, createOwner, storeDocument, type MediumContainer } from './medium-container.js';

/**
 * The stage table drives a real document through the real worker runtime (sandboxed
 * conversion, chunking, embeddings from a fake provider, indexing) on the embedded container:
 * the events it publishes walk the table's stages in order, and their progress, computed from
 * the table's weights, only ever goes up, to exactly 1 at INDEXED.
 */
describe('stage table', () => {
  it('lists every stage once, with weights that tile the progress bar', () => {
    expect(pipelineStages).toEqual(['convert', 'chunk', 'embed', 'index']);
    expect(new Set(pipelineStages).size).toBe(pipelineStages.length);
    let from = 0;
    for (const row of stageTable) {
      expect(row.weight).toBeGreaterThan(0);
      expect(stageSpan(row.name)).toEqual({ from, weight: row.weight });
      from += row.weight;
    }
    expect(from).toBeCloseTo(1, 12);
  });
});

describe('a document from upload to INDEXED', () => {
  let m: MediumContainer;
  let fake: FakeEmbeddings;
  let runtime: WorkerRuntime;

  beforeAll(async () => {
    fake = await startFakeEmbeddings({ dimensions: 32 });
    m = await createMediumContainer({ EMBEDDINGS_URL: fake.url, EMBEDDINGS_MODEL: 'hash-32' });
    runtime = await startWorkers(m.c);
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
    await m?.close();
    await fake?.close();
  });

  it('publishes the stages in table order with monotonic progress', async () => {
    const { c } = m;
    expect(c.workers).toBe(runtime);
    const ownerId = await createOwner(c);
    const events: DocumentEventMessage[] = [];
    let indexed: () => void = () => {};
    const done = new Promise<void>((resolve) => (indexed = resolve));
    const listener = c.bus.listenDocumentEvents(ownerId, (e) => {
      events.push(e);
      if (e.type === 'DOCUMENT_INDEXED' || e.type === 'DOCUMENT_FAILED') indexed();
    });
    await listener.ready;

    const bytes = new Uint8Array(await readFile(corpus('pdf', 'multi_page.pdf')));
    const doc = await storeDocument(c, ownerId, { name: 'multi_page.pdf', mimeType: 'application/pdf', bytes });
    runtime.nudgeDispatch();
    await done;
    listener.close();

    const mine = events.filter((e) => e.documentId === doc.id);
    expect(mine.at(-1)?.type).toBe('DOCUMENT_INDEXED');
    expect(mine.at(-1)?.progress).toBe(1);

    // Progress never goes backwards, whichever writer (stage start, page, batch, commit) wrote it.
    const progress = mine.map((e) => e.progress);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThanOrEqual(progress[i - 1]!);

    // Each stage is entered once, in table order, at the start of its slice of the bar.
    const entered = mine.filter((e, i) => e.stage !== null && e.stage !== mine[i - 1]?.stage);
    expect(entered.map((e) => e.stage)).toEqual([...pipelineStages]);
    for (const e of entered) expect(e.progress).toBeCloseTo(stageSpan(e.stage as (typeof pipelineStages)[number]).from, 9);

    // Pages converted are reported within the convert slice, the last page always.
    const pages = mine.filter((e) => e.stage === 'convert' && e.page !== null);
    expect(pages.at(-1)).toMatchObject({ page: 5, pageCount: 5 });
    const convert = stageSpan('convert');
    expect(pages.at(-1)!.progress).toBeCloseTo(convert.from + convert.weight, 9);

    const row = await findDocumentForPipeline(c.db, doc.id);
    expect(row).toMatchObject({ status: 'INDEXED', stage: 'index', progress: 1, pageCount: 5 });
    expect(await countDocumentChunks(c.db, ownerId, doc.id)).toBeGreaterThan(0);
    expect(fake.requests).toBeGreaterThan(0);
  }, 180_000);

  it('converts a small Markdown note in-process (its converter loaded on first use) and indexes it', async () => {
    const { c } = m;
    const ownerId = await createOwner(c);
    let finished: (type: string) => void = () => {};
    const done = new Promise<string>((resolve) => (finished = resolve));
    const events: DocumentEventMessage[] = [];
    const listener = c.bus.listenDocumentEvents(ownerId, (e) => {
      events.push(e);
      if (e.type === 'DOCUMENT_INDEXED' || e.type === 'DOCUMENT_FAILED') finished(e.type);
    });
    await listener.ready;
    const bytes = new TextEncoder().encode('# Harbour notes\n\nThe ferry leaves at nine from the north pier.\n');
    const doc = await storeDocument(c, ownerId, { name: 'harbour.md', mimeType: 'text/markdown', bytes });
    runtime.nudgeDispatch();
    expect(await done).toBe('DOCUMENT_INDEXED');
    listener.close();
    const row = await findDocumentForPipeline(c.db, doc.id);
    expect(row).toMatchObject({ status: 'INDEXED', title: 'Harbour notes' });
    expect(await countDocumentChunks(c.db, ownerId, doc.id)).toBeGreaterThan(0);
    // The conversion commits with the index stage's write (convert.stage.ts), not alone; its
    // content is stored all the same, and its event still shows the document as it stood then.
    const [stored] = await c.db
      .select({ markdown: documents.markdown, plainText: documents.plainText })
      .from(documents)
      .where(eq(documents.id, doc.id));
    expect(stored?.markdown).toContain('The ferry leaves at nine');
    expect(stored?.plainText).toContain('The ferry leaves at nine');
    const { from, weight } = stageSpan('convert');
    const states = events.map((e) => `${e.type} ${e.status} ${e.stage} ${e.progress.toFixed(2)}`);
    // The embed stage may add a progress event per batch (0.65 → 0.85).
    expect(states.filter((s) => !/embed 0\.(?!65)/.test(s))).toEqual([
      'PROCESSING_STATUS PROCESSING convert 0.00',
      `PROCESSING_STATUS PROCESSING convert ${(from + weight).toFixed(2)}`,
      'PROCESSING_STATUS PROCESSING chunk 0.60',
      'PROCESSING_STATUS PROCESSING embed 0.65',
      'PROCESSING_STATUS PROCESSING index 0.85',
      'DOCUMENT_INDEXED INDEXED index 1.00',
    ]);
  }, 120_000);
});
