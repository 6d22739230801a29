import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type WorkerRuntime } from '../../src/app/worker-runtime.js';
import { findDocumentForPipeline } from '../../src/db/repositories/documents-repo.js';
import { createLogger } from '../../src/logger.js';
import { waitFor } from '../helpers/graphql-client.js';
import { corpus } from '../helpers/processes.js';
import { createMediumContainer, createOwner, storeDocument, type MediumContainer } from './medium-container.js';

/**
 * A truncated DOCX is the user's file, not our bug: it fails its document with one info
 * line and no stack. A failure nobody foresaw (here: the stored original vanished) stays an
 * error with its stack, so it is the one that pages someone.
 */
describe('pipeline failure logging', () => {
  let m: MediumContainer;
  let runtime: WorkerRuntime | undefined;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    m = await createMediumContainer({ JOB_ATTEMPTS: '1' }, createLogger('info', 'docsphere-test', 'json', sink));
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
    await m?.close();
  });

  it('logs a corrupt document at info without a stack, an unexpected failure at error with one', async () => {
    const { c } = m;
    const ownerId = await createOwner(c);
    const corrupt = await storeDocument(c, ownerId, {
      name: 'truncated.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      bytes: await readFile(corpus('hostile', 'testWORD_truncated.docx')),
    });
    const lost = await storeDocument(c, ownerId, {
      name: 'lost.md',
      mimeType: 'text/markdown',
      bytes: new TextEncoder().encode('# Gone\n\nThis original is deleted before the pipeline reads it.\n'),
    });
    await c.blobs.delete(lost.storageKey);
    runtime = await startWorkers(c);

    const finished = async (id: string) => {
      const doc = await findDocumentForPipeline(c.db, id);
      return doc?.status === 'FAILED' || doc?.status === 'INDEXED' ? doc : null;
    };
    expect((await waitFor('corrupt FAILED', () => finished(corrupt.id), 90_000)).errorCode).toBe('CORRUPT_DOCUMENT');
    expect((await waitFor('lost FAILED', () => finished(lost.id), 90_000)).errorCode).toBe('INTERNAL');

    const about = (id: string) => lines.filter((l) => l.documentId === id && /failed/.test(String(l.msg)) && !/retry/.test(String(l.msg)));
    const [expected] = about(corrupt.id);
    expect(expected).toMatchObject({ level: 30, code: 'CORRUPT_DOCUMENT', stage: 'convert' });
    expect(expected).not.toHaveProperty('err');
    expect(JSON.stringify(expected)).not.toMatch(/\n\s+at /);
    expect(about(corrupt.id).filter((l) => Number(l.level) >= 40)).toEqual([]);

    const [unexpected] = about(lost.id);
    expect(unexpected).toMatchObject({ level: 50, code: 'INTERNAL' });
    expect((unexpected?.err as { stack?: string } | undefined)?.stack).toMatch(/\n\s+at /);
  });
});
