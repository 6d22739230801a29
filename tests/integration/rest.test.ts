import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';
import { corpus } from '../helpers/processes.js';
import { RestClient, signUpRest } from '../helpers/rest-client.js';

const PDF = corpus('pdf', 'multi_page.pdf');
const DOCX = corpus('docx', 'word_sample.docx');
const MAX = 2 * 1024 * 1024;

interface Doc {
  id: string;
  uuid: string;
  filename: string;
  status: string;
  sha256: string;
  sizeBytes: number;
  mimeType: string;
}

for (const mode of ['embedded', 'services'] as ModeName[]) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`REST documents (${mode})`, () => {
    let d: Deployment;
    let alice: RestClient;
    let bob: RestClient;
    let pdf: Doc;
    let docx: Doc;

    beforeAll(async () => {
      d = await deploy(mode, { MAX_FILE_SIZE: String(MAX), WORKER_CONCURRENCY: '1' });
      alice = await signUpRest(d.baseUrl, `rest-alice-${mode}@example.com`);
      bob = await signUpRest(d.baseUrl, `rest-bob-${mode}@example.com`);
    });
    afterAll(() => d?.stop());

    it('answers 401 with a JSON error without a token, and for a bad one', async () => {
      const anon = new RestClient(d.baseUrl);
      const res = await anon.json('/api/documents');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
      const up = await anon.post('/api/documents/upload', [{ path: PDF }]);
      expect(up.status).toBe(401);
      const bad = await new RestClient(d.baseUrl, 'not-a-token').json('/api/documents');
      expect(bad.status).toBe(401);
    });

    it('uploads several files in one multipart request, streamed, and flags duplicates', async () => {
      const res = await alice.post('/api/documents/upload', [{ path: PDF }, { path: DOCX, name: 'Bericht über Ärger (v2).docx' }]);
      expect(res.status).toBe(201);
      const [a, b] = res.body.results;
      expect(a).toMatchObject({
        filename: 'multi_page.pdf',
        duplicate: false,
        error: null,
        document: { mimeType: 'application/pdf', status: 'QUEUED' },
      });
      expect(b.document.filename).toBe('Bericht über Ärger (v2).docx');
      pdf = a.document;
      docx = b.document;
      const again = await alice.post('/api/documents/upload', [{ path: PDF }]);
      expect(again.status).toBe(200);
      expect(again.body.results[0]).toMatchObject({ duplicate: true, document: { id: pdf.id } });
    });

    it('reports unsupported and oversized files with 415 and 413, per file in a mixed batch', async () => {
      const junk = { bytes: new Uint8Array(4096).map((_, i) => (i * 7919) % 251), name: 'noise.bin' };
      const unsupported = await alice.post('/api/documents/upload', [junk]);
      expect(unsupported.status).toBe(415);
      expect(unsupported.body.error.code).toBe('UNSUPPORTED_FORMAT');
      const big = { bytes: new Uint8Array(MAX + 10).fill(65), name: 'big.txt' };
      const tooLarge = await alice.post('/api/documents/upload', [big]);
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.error.code).toBe('FILE_TOO_LARGE');
      const mixed = await alice.post('/api/documents/upload', [
        big,
        { bytes: new TextEncoder().encode('# Note\n\nhello rest'), name: 'note.md' },
      ]);
      expect(mixed.status).toBe(201);
      expect(mixed.body.results.map((r: { error: { code: string } | null }) => r.error?.code ?? 'ok')).toEqual(['FILE_TOO_LARGE', 'ok']);
    });

    it('gets a document by global ID or raw UUID until it is INDEXED, and hides it from others', async () => {
      const indexed = await waitFor(
        'PDF indexed',
        async () => {
          const r = await alice.json<Doc>(`/api/documents/${encodeURIComponent(pdf.id)}`);
          return r.body.status === 'INDEXED' ? r.body : null;
        },
        90_000,
        250,
      );
      expect(indexed.uuid).toBe(pdf.uuid);
      const byUuid = await alice.json<Doc>(`/api/documents/${pdf.uuid}`);
      expect(byUuid.body.id).toBe(pdf.id);
      for (const route of [`/api/documents/${pdf.uuid}`, `/api/documents/${pdf.uuid}/file`]) {
        const res = await bob.json(route);
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
      }
      expect((await bob.json(`/api/documents/${pdf.uuid}`, { method: 'DELETE' })).status).toBe(404);
      expect((await alice.json('/api/documents/not-an-id')).status).toBe(404);
    });

    it('lists with keyset paging and the GraphQL filters', async () => {
      const first = await alice.json('/api/documents?first=2');
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.pageInfo.hasNextPage).toBe(true);
      const second = await alice.json(`/api/documents?first=2&after=${encodeURIComponent(first.body.pageInfo.endCursor)}`);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.pageInfo.hasNextPage).toBe(false);
      const all = [...first.body.items, ...second.body.items].map((x: Doc) => x.uuid);
      expect(new Set(all).size).toBe(3);
      const pdfs = await alice.json('/api/documents?mimeType=application/pdf');
      expect(pdfs.body.items.map((x: Doc) => x.uuid)).toEqual([pdf.uuid]);
      const byName = await alice.json(`/api/documents?filename=${encodeURIComponent('ärger')}`);
      expect(byName.body.items.map((x: Doc) => x.uuid)).toEqual([docx.uuid]);
      const indexed = await alice.json('/api/documents?status=INDEXED,FAILED');
      expect(indexed.body.items.map((x: Doc) => x.uuid)).toContain(pdf.uuid);
      expect((await bob.json('/api/documents')).body.items).toEqual([]);
      const bad = await alice.json('/api/documents?first=1000');
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('BAD_USER_INPUT');
      expect((await alice.json('/api/documents?status=NOPE')).status).toBe(400);
    });

    it('downloads the original as an attachment with an RFC 5987 filename', async () => {
      const res = await alice.fetch(`/api/documents/${encodeURIComponent(docx.id)}/file`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const disposition = res.headers.get('content-disposition') ?? '';
      expect(disposition).toMatch(/^attachment; filename="Bericht _ber _rger \(v2\)\.docx"; filename\*=UTF-8''/);
      expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe('Bericht über Ärger (v2).docx');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.equals(await readFile(DOCX))).toBe(true);
    });

    it('searches over REST with the GraphQL ranking and snippets', async () => {
      const res = await alice.json(`/api/search?q=${encodeURIComponent('"word processor" typewriter')}&first=3`);
      expect(res.status).toBe(200);
      expect(res.body.hits.length).toBeGreaterThan(0);
      expect(res.body.hits[0]).toMatchObject({ document: { id: pdf.id }, snippet: expect.stringContaining('<mark>') });
      expect((await bob.json('/api/search?q=typewriter')).body.hits).toEqual([]);
      expect((await alice.json('/api/search?q=')).status).toBe(400);
    });

    it('extracts without storing, with include_* options, and reports bad files per file in a batch', async () => {
      const before = (await alice.json('/api/documents?first=100')).body.items.length;
      const full = await alice.post('/api/v1/extract?include_structure=true', [{ path: DOCX }]);
      expect(full.status).toBe(200);
      expect(full.body).toMatchObject({ filename: 'word_sample.docx', mimeType: expect.stringContaining('wordprocessingml') });
      expect(full.body.markdown).toContain('# Swimming in the lake');
      expect(full.body.text).toContain('Swimming in the lake');
      expect(full.body.outline[0]).toEqual({ level: 1, text: 'Swimming in the lake' });
      const lean = await alice.post('/api/v1/extract', [{ path: DOCX }], { include_text: 'false', include_metadata: 'false' });
      expect(Object.keys(lean.body).sort()).toEqual(['filename', 'markdown', 'mimeType']);
      const corrupt = await alice.post('/api/v1/extract', [{ path: corpus('hostile', 'testWORD_truncated.docx') }]);
      expect([422, 415]).toContain(corrupt.status);
      expect(['CORRUPT_DOCUMENT', 'UNSUPPORTED_FORMAT']).toContain(corrupt.body.error.code);
      const junk = { bytes: new Uint8Array(512).map((_, i) => (i * 31) % 253), name: 'junk.bin' };
      expect((await alice.post('/api/v1/extract', [junk])).status).toBe(415);
      expect((await alice.post('/api/v1/extract', [{ bytes: new Uint8Array(MAX + 1).fill(32), name: 'big.txt' }])).status).toBe(413);
      const batch = await alice.post('/api/v1/batch-extract', [{ path: DOCX }, junk]);
      expect(batch.status).toBe(200);
      expect(batch.body.results.map((r: { result: unknown; error: { code: string } | null }) => (r.result ? 'ok' : r.error?.code))).toEqual(
        ['ok', 'UNSUPPORTED_FORMAT'],
      );
      expect((await new RestClient(d.baseUrl).post('/api/v1/extract', [{ path: DOCX }])).status).toBe(401);
      expect((await alice.json('/api/documents?first=100')).body.items.length).toBe(before);
      const formats = await new RestClient(d.baseUrl).json('/api/v1/formats');
      expect(formats.body.maxFileSize).toBe(MAX);
      expect(formats.body.formats.map((f: { label: string }) => f.label)).toContain('PDF');
    });

    it('deletes a document; afterwards it is gone', async () => {
      const res = await alice.json(`/api/documents/${docx.uuid}`, { method: 'DELETE' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ deletedId: docx.id, uuid: docx.uuid });
      expect((await alice.json(`/api/documents/${docx.uuid}`)).status).toBe(404);
      expect((await alice.fetch(`/api/documents/${docx.uuid}/file`)).status).toBe(404);
    });
  });
}
