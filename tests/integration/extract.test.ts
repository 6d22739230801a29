/**
 * The `extract` mutation against a real server process over real multipart HTTP. It stores
 * nothing, so the embedded deployment covers it: what differs between modes (database, queue,
 * pub/sub) is never touched by this path.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTS, EXTRACT, SIGN_UP } from '../../client/src/operations.js';
import { GraphQLHttpClient } from '../helpers/graphql-client.js';
import { deploy, type Deployment } from '../helpers/modes.js';
import { corpus } from '../helpers/processes.js';

const PDF = corpus('pdf', 'multi_page.pdf');
const DOCX = corpus('docx', 'word_sample.docx');
const ONENOTE = corpus('hostile', 'testOneNote-fuzz1.one');
const LIMIT = 2 * 1024 * 1024;

describe('extract (embedded)', () => {
  let d: Deployment;
  let alice: GraphQLHttpClient;

  beforeAll(async () => {
    d = await deploy('embedded', { MAX_FILE_SIZE: String(LIMIT) });
    alice = new GraphQLHttpClient(d.graphqlUrl);
    const res = await alice.request(SIGN_UP, { email: 'extract@example.com', password: 'correct horse battery staple' });
    expect(res.errors).toBeUndefined();
    alice.token = res.data!.signUp.token;
  });

  afterAll(async () => {
    await d?.stop();
  });

  it('requires a signed-in user', async () => {
    const anon = new GraphQLHttpClient(d.graphqlUrl);
    const res = await anon.upload(EXTRACT, { file: null }, { file: { path: PDF } });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data ?? null).toBeNull();
  });

  it('converts a PDF to Markdown with pages whose spans cut the Markdown', async () => {
    const res = await alice.upload(
      EXTRACT,
      { file: null, options: { ocr: 'OFF' } },
      { file: { path: PDF, name: 'report.bin', type: 'text/plain' } },
    );
    expect(res.errors).toBeUndefined();
    const r = res.data!.extract;
    // Detected from the bytes, not from the misleading name and type the client sent.
    expect(r.mimeType).toBe('application/pdf');
    expect(r.markdown).toMatch(/^# The Evolution of the Word Processor/m);
    expect(r.markdown).toContain('Christopher Latham Sholes');
    expect(r.pageCount).toBeGreaterThan(1);
    expect(r.pages).toHaveLength(r.pageCount);
    expect(r.language).toBe('en');
    expect(r.outline.length).toBeGreaterThan(1);
    expect(r.outline[0]).toEqual({ level: 1, text: 'The Evolution of the Word Processor' });
    for (const page of r.pages) {
      expect(page.ocr).toBe(false);
      const span = r.markdown.slice(page.charStart, page.charEnd);
      // Each page's span holds that page's words (its text is the span without Markdown syntax).
      const firstWord = page.text.split(/\s+/).find((w: string) => w.length > 3);
      if (firstWord) expect(span).toContain(firstWord);
    }
    expect(r.pages.map((p: any) => p.number)).toEqual(r.pages.map((_: unknown, i: number) => i + 1));
    expect(typeof r.metadata).toBe('object');
  });

  it('converts a DOCX to Markdown with headings and a title', async () => {
    const res = await alice.upload(EXTRACT, { file: null }, { file: { path: DOCX } });
    expect(res.errors).toBeUndefined();
    const r = res.data!.extract;
    expect(r.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(r.markdown).toMatch(/^# Swimming in the lake$/m);
    expect(r.text).toContain('duckling');
    expect(r.text).not.toContain('# ');
    expect(r.outline.map((o: any) => o.text)).toContain('Swimming in the lake');
    expect(r.pages).toEqual([]);
  });

  it('answers UNSUPPORTED_FORMAT for a file no converter takes', async () => {
    const res = await alice.upload(EXTRACT, { file: null }, { file: { path: ONENOTE } });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNSUPPORTED_FORMAT');
    expect(res.data ?? null).toBeNull();
  });

  it('answers FILE_TOO_LARGE past MAX_FILE_SIZE, and the server keeps serving', async () => {
    const pdf = await readFile(PDF);
    const big = new Uint8Array(LIMIT + 1024);
    big.set(pdf.subarray(0, Math.min(pdf.length, big.length)));
    const res = await alice.upload(EXTRACT, { file: null }, { file: { bytes: big, name: 'big.pdf' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('FILE_TOO_LARGE');
    const again = await alice.upload(EXTRACT, { file: null }, { file: { path: DOCX } });
    expect(again.errors).toBeUndefined();
  });

  it('stores nothing', async () => {
    const res = await alice.request(DOCUMENTS, {});
    expect(res.errors).toBeUndefined();
    expect(res.data!.documents.edges).toEqual([]);
  });
});
