import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { GraphQLHttpClient, subscribe, waitFor, wsClient } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';
import {
  DELETE_DOCUMENT,
  DOCUMENT,
  DOCUMENT_EVENTS,
  DOCUMENTS,
  REPROCESS_DOCUMENT,
  SEARCH,
  SIGN_UP,
  UPLOAD_DOCUMENT,
  UPLOAD_DOCUMENTS,
} from '../../client/src/operations.js';
import { corpus } from '../helpers/processes.js';

const PDF = corpus('pdf', 'multi_page.pdf');
const DOCX = corpus('docx', 'word_sample.docx');

interface Event {
  documentEvents: { type: string; documentId: string; status: string; stage: string | null; cursor: string; progress: number };
}

async function signUp(url: string, email: string) {
  const client = new GraphQLHttpClient(url);
  const res = await client.request(SIGN_UP, { email, password: 'correct horse battery staple' });
  expect(res.errors).toBeUndefined();
  client.token = res.data!.signUp.token;
  return client;
}

const modes: ModeName[] = ['embedded', 'services'];

for (const mode of modes) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`the whole path (${mode})`, () => {
    let d: Deployment;
    let alice: GraphQLHttpClient;
    let bob: GraphQLHttpClient;
    let aliceWs: Client;
    let bobWs: Client;
    let aliceEvents: ReturnType<typeof subscribe<Event>>;
    let bobEvents: ReturnType<typeof subscribe<Event>>;
    const ids = { pdf: '', docx: '', note: '' };

    const docById = async (client: GraphQLHttpClient, id: string) => (await client.request(DOCUMENT, { id })).data?.document;

    beforeAll(async () => {
      d = await deploy(mode, { MAX_FILE_SIZE: String(5 * 1024 * 1024) });
      alice = await signUp(d.graphqlUrl, `alice-${mode}@example.com`);
      bob = await signUp(d.graphqlUrl, `bob-${mode}@example.com`);
      aliceWs = wsClient(d.graphqlUrl, alice.token);
      bobWs = wsClient(d.graphqlUrl, bob.token);
      aliceEvents = subscribe<Event>(aliceWs, DOCUMENT_EVENTS);
      bobEvents = subscribe<Event>(bobWs, DOCUMENT_EVENTS);
      // The subscription is live once the server has acknowledged it; give it a moment.
      await new Promise((r) => setTimeout(r, 500));
    });

    afterAll(async () => {
      aliceEvents?.dispose();
      bobEvents?.dispose();
      await aliceWs?.dispose();
      await bobWs?.dispose();
      await d?.stop();
    });

    it('rejects document operations without a token', async () => {
      const anon = new GraphQLHttpClient(d.graphqlUrl);
      const res = await anon.request(DOCUMENTS, {});
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const up = await anon.upload(UPLOAD_DOCUMENT, { file: null }, { file: { path: PDF } });
      expect(up.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('uploads a PDF and a DOCX in one request and both reach INDEXED, seen live', async () => {
      const res = await alice.upload(UPLOAD_DOCUMENTS, { files: [null, null] }, { 'files.0': { path: PDF }, 'files.1': { path: DOCX } });
      expect(res.errors).toBeUndefined();
      const results = res.data!.uploadDocuments.results;
      expect(results.map((r: any) => r.error)).toEqual([null, null]);
      expect(results[0].document.mimeType).toBe('application/pdf');
      expect(results[1].document.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      ids.pdf = results[0].document.id;
      ids.docx = results[1].document.id;

      for (const id of [ids.pdf, ids.docx]) {
        await waitFor(`${id} indexed`, () =>
          aliceEvents.events.some((e) => e.documentEvents.documentId === id && e.documentEvents.type === 'DOCUMENT_INDEXED'),
        );
        const seen = aliceEvents.events.filter((e) => e.documentEvents.documentId === id).map((e) => e.documentEvents);
        expect(seen[0]?.type).toBe('DOCUMENT_UPLOADED');
        const stages = [...new Set(seen.filter((e) => e.type === 'PROCESSING_STATUS').map((e) => e.stage))];
        expect(stages).toEqual(['CONVERT', 'CHUNK', 'EMBED', 'INDEX']);
        const cursors = seen.map((e) => BigInt(e.cursor));
        expect([...cursors].sort((a, b) => (a < b ? -1 : 1))).toEqual(cursors);
        const progress = seen.map((e) => e.progress);
        expect(progress.at(-1)).toBe(1);

        const doc = await docById(alice, id);
        expect(doc.status).toBe('INDEXED');
        expect(doc.chunkCount).toBeGreaterThan(0);
        expect(doc.markdown.length).toBeGreaterThan(100);
      }
      const pdf = await docById(alice, ids.pdf);
      expect(pdf.pageCount).toBeGreaterThan(1);
      expect(pdf.chunks.edges.every((e: any) => e.node.pageStart >= 1)).toBe(true);
    });

    it('finds the text of both documents by full-text search, with snippets', async () => {
      const typewriter = await alice.request(SEARCH, { query: 'typewriter Sholes' });
      expect(typewriter.errors).toBeUndefined();
      expect(typewriter.data!.search[0].document.id).toBe(ids.pdf);
      expect(typewriter.data!.search[0].snippet).toMatch(/<mark>/);
      expect(typewriter.data!.search[0].chunk.pageStart).toBeGreaterThanOrEqual(1);

      const duck = await alice.request(SEARCH, { query: 'swimming lake duckling' });
      expect(duck.data!.search[0].document.id).toBe(ids.docx);

      const none = await alice.request(SEARCH, { query: 'zyzzyva quixotic' });
      expect(none.data!.search).toEqual([]);
    });

    it('lists and filters the documents with cursor pagination', async () => {
      const page1 = await alice.request(DOCUMENTS, { first: 1 });
      expect(page1.data!.documents.edges).toHaveLength(1);
      expect(page1.data!.documents.pageInfo.hasNextPage).toBe(true);
      const page2 = await alice.request(DOCUMENTS, { first: 1, after: page1.data!.documents.pageInfo.endCursor });
      const both = [...page1.data!.documents.edges, ...page2.data!.documents.edges].map((e: any) => e.node.id);
      expect(new Set(both)).toEqual(new Set([ids.pdf, ids.docx]));
      const pdfs = await alice.request(DOCUMENTS, { filter: { mimeTypes: ['application/pdf'] } });
      expect(pdfs.data!.documents.edges.map((e: any) => e.node.id)).toEqual([ids.pdf]);
      const byName = await alice.request(DOCUMENTS, { filter: { filename: 'WORD_sam' } });
      expect(byName.data!.documents.edges.map((e: any) => e.node.id)).toEqual([ids.docx]);
      const indexed = await alice.request(DOCUMENTS, { filter: { status: ['FAILED'] } });
      expect(indexed.data!.documents.edges).toEqual([]);
    });

    it('returns the existing document for the same bytes', async () => {
      const res = await alice.upload(UPLOAD_DOCUMENT, { file: null }, { file: { path: PDF, name: 'again.pdf' } });
      expect(res.data!.uploadDocument.duplicate).toBe(true);
      expect(res.data!.uploadDocument.document.id).toBe(ids.pdf);
    });

    it('shows a second user nothing of the first user', async () => {
      expect((await bob.request(DOCUMENTS, {})).data!.documents.edges).toEqual([]);
      expect(await docById(bob, ids.pdf)).toBeNull();
      expect((await bob.request(SEARCH, { query: 'typewriter' })).data!.search).toEqual([]);
      const del = await bob.request(DELETE_DOCUMENT, { id: ids.pdf });
      expect(del.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const re = await bob.request(REPROCESS_DOCUMENT, { id: ids.docx });
      expect(re.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      // Bob uploading the same bytes gets his own document, not a hint that Alice has it.
      const own = await bob.upload(UPLOAD_DOCUMENT, { file: null }, { file: { path: PDF } });
      expect(own.data!.uploadDocument.duplicate).toBe(false);
      expect(own.data!.uploadDocument.document.id).not.toBe(ids.pdf);
      await waitFor('bob sees his own upload event', () => bobEvents.events.length > 0);
      expect(bobEvents.events.every((e) => e.documentEvents.documentId !== ids.pdf && e.documentEvents.documentId !== ids.docx)).toBe(true);
      const sub = subscribe(wsClient(d.graphqlUrl, bob.token), DOCUMENT_EVENTS, { documentId: ids.pdf });
      await waitFor('subscription refused', () => sub.errors.length > 0);
      expect(JSON.stringify(sub.errors)).toContain('not found');
    });

    it('rejects unsupported and oversized files with typed errors, and keeps serving', async () => {
      const binary = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
      const res = await alice.upload(
        UPLOAD_DOCUMENTS,
        { files: [null, null, null] },
        {
          'files.0': { bytes: binary, name: 'program.exe' },
          'files.1': { bytes: new Uint8Array(6 * 1024 * 1024).fill(65), name: 'big.txt' },
          'files.2': { bytes: new TextEncoder().encode('# Notes\n\nA small markdown note about pelicans.\n'), name: 'note.md' },
        },
      );
      const results = res.data!.uploadDocuments.results;
      expect(results[0].error.code).toBe('UNSUPPORTED_FORMAT');
      expect(results[1].error.code).toBe('FILE_TOO_LARGE');
      expect(results[2].error).toBeNull();
      expect(results[2].document.mimeType).toBe('text/markdown');
      ids.note = results[2].document.id;
      await waitFor('note indexed', async () => (await docById(alice, ids.note))?.status === 'INDEXED');
      // Nothing of the rejected files is left in staging.
      const staging = path.join(d.dataDir, 'files', '.tmp');
      if (existsSync(staging)) expect(await readdir(staging)).toEqual([]);
    });

    it('fails a corrupt file with a code instead of hanging or crashing', async () => {
      const res = await alice.upload(UPLOAD_DOCUMENT, { file: null }, { file: { path: corpus('hostile', 'testWORD_truncated.docx') } });
      const id = res.data?.uploadDocument?.document?.id;
      if (!id) {
        // Rejected at the door is also a clear outcome.
        expect(res.errors?.[0]?.extensions?.code).toMatch(/UNSUPPORTED_FORMAT|CORRUPT_DOCUMENT/);
        return;
      }
      const doc = await waitFor('corrupt file failed', async () => {
        const current = await docById(alice, id);
        return current?.status === 'FAILED' ? current : null;
      });
      expect(doc.error.code).toBe('CORRUPT_DOCUMENT');
      await waitFor('failure event', () =>
        aliceEvents.events.some((e) => e.documentEvents.documentId === id && e.documentEvents.type === 'DOCUMENT_FAILED'),
      );
    });

    it('reprocesses a document to the same result', async () => {
      const before = await docById(alice, ids.docx);
      const res = await alice.request(REPROCESS_DOCUMENT, { id: ids.docx });
      expect(res.errors).toBeUndefined();
      await waitFor(
        'reindexed',
        () =>
          aliceEvents.events.filter((e) => e.documentEvents.documentId === ids.docx && e.documentEvents.type === 'DOCUMENT_INDEXED')
            .length === 2,
      );
      const after = await docById(alice, ids.docx);
      expect(after.chunks.edges.map((e: any) => e.node.id)).toEqual(before.chunks.edges.map((e: any) => e.node.id));
    });

    it('keeps every document, chunk and stored file across a restart', async () => {
      const before = await Promise.all([ids.pdf, ids.docx].map((id) => docById(alice, id)));
      const token = alice.token;
      await d.restart();
      alice = new GraphQLHttpClient(d.graphqlUrl);
      alice.token = token;
      const after = await Promise.all([ids.pdf, ids.docx].map((id) => docById(alice, id)));
      expect(after.map((x) => [x.status, x.chunkCount, x.sha256])).toEqual(before.map((x) => [x.status, x.chunkCount, x.sha256]));
      expect((await alice.request(SEARCH, { query: 'typewriter' })).data!.search.length).toBeGreaterThan(0);
      const pdf = after[0];
      expect(existsSync(path.join(d.dataDir, 'files'))).toBe(true);
      const stored = path.join(d.dataDir, 'files', (await storedKeyFor(alice, pdf)) ?? '');
      expect(existsSync(stored)).toBe(true);
    });

    it('deletes a document with its chunks and stored file, and says so live', async () => {
      const ws = wsClient(d.graphqlUrl, alice.token);
      const live = subscribe<Event>(ws, DOCUMENT_EVENTS);
      await new Promise((r) => setTimeout(r, 300));
      const stored = path.join(d.dataDir, 'files', (await storedKeyFor(alice, await docById(alice, ids.pdf))) ?? '');
      expect(existsSync(stored)).toBe(true);
      const res = await alice.request(DELETE_DOCUMENT, { id: ids.pdf });
      expect(res.errors).toBeUndefined();
      expect(res.data!.deleteDocument.deletedId).toBe(ids.pdf);
      await waitFor('delete event', () =>
        live.events.some((e) => e.documentEvents.type === 'DOCUMENT_DELETED' && e.documentEvents.documentId === ids.pdf),
      );
      expect(await docById(alice, ids.pdf)).toBeNull();
      expect(existsSync(stored)).toBe(false);
      const hits = (await alice.request(SEARCH, { query: 'typewriter' })).data!.search;
      expect(hits.every((h: any) => h.document.id !== ids.pdf)).toBe(true);
      live.dispose();
      await ws.dispose();
    });
  });
}

/** The storage key is derived from owner and hash; the owner is the signed-in user. */
async function storedKeyFor(client: GraphQLHttpClient, doc: { sha256: string }) {
  const me = await client.request('{ me { id } }');
  const owner = me.data?.me?.id as string | undefined;
  return owner ? `${owner}/${doc.sha256.slice(0, 2)}/${doc.sha256}` : undefined;
}
