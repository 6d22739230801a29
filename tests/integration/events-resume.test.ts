import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import postgres from 'postgres';
import { GraphQLHttpClient, signedUpClient, subscribe, waitFor, wsClient } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';
import { corpus, startApi, uncachedPdf } from '../helpers/processes.js';
import { DELETE_DOCUMENT, DOCUMENT_EVENTS, UPLOAD_DOCUMENT, UPLOAD_DOCUMENTS } from '../../client/src/operations.js';

const PDF = corpus('pdf', 'multi_page.pdf');
const DOCX = corpus('docx', 'word_sample.docx');

interface Ev {
  cursor: string;
  type: string;
  documentId: string;
  stage: string | null;
  page: number | null;
  pageCount: number | null;
  document: { id: string } | null;
}
type Msg = { documentEvents: Ev };

/** Every event after `after` as the server stores it, read back through a replaying subscription. */
async function storedEvents(url: string, token: string, until: (evs: Ev[]) => boolean, variables: Record<string, unknown> = {}) {
  const ws = wsClient(url, token);
  const sub = subscribe<Msg>(ws, DOCUMENT_EVENTS, { after: '0', ...variables });
  try {
    await waitFor('replayed events', () => until(sub.events.map((e) => e.documentEvents)), 60_000);
    return sub.events.map((e) => e.documentEvents);
  } finally {
    sub.dispose();
    await ws.dispose();
  }
}

const byNumber = (a: string, b: string) => Number(a) - Number(b);

const indexed = (id: string) => (evs: Ev[]) => evs.some((e) => e.documentId === id && e.type === 'DOCUMENT_INDEXED');

for (const mode of ['embedded', 'services'] as ModeName[]) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`documentEvents replay and resume (${mode})`, () => {
    let d: Deployment;
    let alice: GraphQLHttpClient;

    beforeAll(async () => {
      d = await deploy(mode);
      alice = await signedUpClient(d.graphqlUrl, `events-${mode}@example.com`);
    });
    afterAll(async () => d?.stop());

    it('resumes after a dropped socket with every event exactly once, per-page progress included', async () => {
      const ws1 = wsClient(d.graphqlUrl, alice.token);
      const first = subscribe<Msg>(ws1, DOCUMENT_EVENTS, {});
      await new Promise((r) => setTimeout(r, 500));
      const up = await alice.upload(UPLOAD_DOCUMENT, { file: null }, { file: { bytes: await uncachedPdf(PDF), name: 'multi_page.pdf' } });
      const id: string = up.data!.uploadDocument.document.id;
      // Drop the socket right after the first progress event, while conversion is running.
      await waitFor('first progress event', () => first.events.some((e) => e.documentEvents.type === 'PROCESSING_STATUS'), 60_000, 5);
      ws1.terminate();
      const before = first.events.map((e) => e.documentEvents);
      const last = before.at(-1)!;

      const ws2 = wsClient(d.graphqlUrl, alice.token);
      const resumed = subscribe<Msg>(ws2, DOCUMENT_EVENTS, { after: last.cursor });
      await waitFor('resumed stream reaches INDEXED', () => indexed(id)(resumed.events.map((e) => e.documentEvents)), 90_000);
      await new Promise((r) => setTimeout(r, 300));
      const seen = [...before, ...resumed.events.map((e) => e.documentEvents)].filter((e) => e.documentId === id);
      resumed.dispose();
      await ws2.dispose();

      const stored = (await storedEvents(d.graphqlUrl, alice.token!, indexed(id))).filter((e) => e.documentId === id);
      expect(seen.map((e) => e.cursor)).toEqual(stored.map((e) => e.cursor));
      expect(new Set(seen.map((e) => e.cursor)).size).toBe(seen.length);
      expect(seen[0]?.type).toBe('DOCUMENT_UPLOADED');
      expect(seen.at(-1)?.type).toBe('DOCUMENT_INDEXED');
      const pages = seen.filter((e) => e.stage === 'CONVERT' && e.page !== null);
      expect(pages.length).toBeGreaterThan(0);
      expect(pages.every((e) => e.pageCount === 5 && e.page! >= 1 && e.page! <= 5)).toBe(true);
    });

    it('replays events of a deleted document, with document null, for one document or all', async () => {
      const up = await alice.upload(UPLOAD_DOCUMENT, { file: null }, { file: { path: DOCX } });
      const id: string = up.data!.uploadDocument.document.id;
      await storedEvents(d.graphqlUrl, alice.token!, indexed(id), { documentId: id });
      const del = await alice.request(DELETE_DOCUMENT, { id });
      expect(del.errors).toBeUndefined();
      const deleted = (evs: Ev[]) => evs.some((e) => e.documentId === id && e.type === 'DOCUMENT_DELETED');
      const one = await storedEvents(d.graphqlUrl, alice.token!, deleted, { documentId: id });
      expect(one.every((e) => e.documentId === id && e.document === null)).toBe(true);
      expect(one.map((e) => e.type)).toContain('DOCUMENT_INDEXED');
      const all = await storedEvents(d.graphqlUrl, alice.token!, deleted);
      expect(all.filter((e) => e.documentId === id)).toEqual(one);
      // Another user learns nothing about it, replay or not.
      const bob = await signedUpClient(d.graphqlUrl, `events-bob-${mode}@example.com`);
      const ws = wsClient(d.graphqlUrl, bob.token);
      const sub = subscribe<Msg>(ws, DOCUMENT_EVENTS, { documentId: id, after: '0' });
      await waitFor('refused', () => sub.errors.length > 0);
      expect(JSON.stringify(sub.errors)).toContain('not found');
      const bad = subscribe<Msg>(ws, DOCUMENT_EVENTS, { after: 'abc' });
      await waitFor('bad cursor refused', () => bad.errors.length > 0);
      expect(JSON.stringify(bad.errors)).toContain('BAD_USER_INPUT');
      await ws.dispose();
    });
  });
}

describe.skipIf(!servicesAvailable())('events across processes (two APIs, one worker)', () => {
  let d: Deployment;
  let api2: Awaited<ReturnType<typeof startApi>>;

  beforeAll(async () => {
    d = await deploy('services');
    api2 = await startApi(d.env);
  });
  afterAll(async () => {
    await api2?.stop();
    await d?.stop();
  });

  it('delivers on API #2 every event of an upload made through API #1', async () => {
    const alice = await signedUpClient(d.graphqlUrl, 'fanout@example.com');
    const ws = wsClient(api2.graphqlUrl, alice.token);
    const sub = subscribe<Msg>(ws, DOCUMENT_EVENTS, {});
    await new Promise((r) => setTimeout(r, 500));
    const res = await alice.upload(UPLOAD_DOCUMENTS, { files: [null, null] }, { 'files.0': { path: PDF }, 'files.1': { path: DOCX } });
    const ids: string[] = res.data!.uploadDocuments.results.map((r: any) => r.document.id);
    await waitFor('both indexed on API #2', () => ids.every((id) => indexed(id)(sub.events.map((e) => e.documentEvents))), 90_000);
    await new Promise((r) => setTimeout(r, 300));
    sub.dispose();
    await ws.dispose();

    // Relay global ids ("Document:<uuid>", base64) to the row ids the table holds.
    const uuids = ids.map((id) =>
      Buffer.from(id, 'base64')
        .toString('utf8')
        .replace(/^Document:/, ''),
    );
    const sql = postgres(inject('services')!.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ cursor: string }[]>`
        select id::text as cursor from document_events where document_id in ${sql(uuids)} order by document_events.id`;
      expect(rows.length).toBeGreaterThan(6);
      // Every stored event exactly once. Two documents are processed concurrently, and event ids
      // are taken at insert but published at commit, so across documents the live order may
      // differ from id order; within one document it may not.
      const received = sub.events.map((e) => e.documentEvents.cursor);
      expect([...received].sort(byNumber)).toEqual(rows.map((r) => r.cursor));
      for (const id of ids) {
        const mine = sub.events.filter((e) => e.documentEvents.documentId === id).map((e) => e.documentEvents.cursor);
        expect(mine).toEqual([...mine].sort(byNumber));
      }
    } finally {
      await sql.end();
    }
    const types = sub.events.map((e) => e.documentEvents.type);
    expect(types.filter((t) => t === 'DOCUMENT_INDEXED')).toHaveLength(2);
  });
});
