import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { signedUpClient, subscribe, waitFor, wsClient, type GraphQLHttpClient } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';

/**
 * Upload priority, through the real doors in both modes: while one owner's bulk upload is being
 * processed, their HIGH upload is indexed before the bulk's remaining NORMAL documents (it
 * overtakes the owner's own backlog, in the outbox and in the queue), and the REST door takes
 * the same option. One worker slot, so the order of indexing is the order of the queue.
 */
const BULK = 100;
const EVENTS = /* GraphQL */ `
  subscription {
    documentEvents {
      cursor
      type
      documentId
    }
  }
`;
const UPLOAD_MANY = /* GraphQL */ `
  mutation ($files: [Upload!]!, $options: UploadOptions) {
    uploadDocuments(files: $files, options: $options) {
      results {
        document {
          id
        }
        error {
          code
        }
      }
    }
  }
`;

interface Event {
  documentEvents: { cursor: string; type: string; documentId: string };
}

/** Plain text goes through the converter sandbox: slow enough per document for a backlog to build. */
const note = (tag: string, i: number) =>
  new TextEncoder().encode(`Bulk note ${tag} ${i}\n\n${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20)}${i}\n`);

for (const mode of ['embedded', 'services'] as ModeName[]) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`upload priority (${mode})`, () => {
    let d: Deployment;
    let alice: GraphQLHttpClient;
    let ws: Client;
    let events: ReturnType<typeof subscribe<Event>>;

    beforeAll(async () => {
      d = await deploy(mode, { WORKER_CONCURRENCY: '1', RATE_UPLOADS_PER_MIN: '10000', MAX_FILES: String(BULK) });
      alice = await signedUpClient(d.graphqlUrl, `priority-${mode}@example.com`);
      ws = wsClient(d.graphqlUrl, alice.token);
      events = subscribe<Event>(ws, EVENTS);
      await new Promise((r) => setTimeout(r, 300));
    });

    afterAll(async () => {
      events?.dispose();
      await ws?.dispose();
      await d?.stop();
    });

    const indexedOrder = () =>
      events.events
        .map((e) => e.documentEvents)
        .filter((e) => e.type === 'DOCUMENT_INDEXED')
        .sort((a, b) => Number(BigInt(a.cursor) - BigInt(b.cursor)))
        .map((e) => e.documentId);

    it('indexes a HIGH upload before the remaining NORMAL documents of a running bulk upload', async () => {
      // One request for the whole bulk: uploaded in several, a fast machine indexes most of the
      // backlog before the last batch is in, and nothing is left for the HIGH one to overtake.
      const files = Object.fromEntries(
        Array.from({ length: BULK }, (_, i) => [`files.${i}`, { bytes: note(mode, i), name: `bulk-${i}.txt` }]),
      );
      const res = await alice.upload(UPLOAD_MANY, { files: Array(BULK).fill(null) }, files);
      expect(res.errors).toBeUndefined();
      const bulk: string[] = res.data!.uploadDocuments.results.map((r: { document: { id: string } }) => r.document.id);
      await waitFor('the bulk upload to be processing', () => indexedOrder().length > 0, 120_000, 20);

      const high = await alice.upload(
        UPLOAD_MANY,
        { files: [null], options: { priority: 'HIGH' } },
        { 'files.0': { bytes: note(`${mode}-urgent`, 0), name: 'urgent.txt' } },
      );
      expect(high.errors).toBeUndefined();
      const highId = high.data!.uploadDocuments.results[0].document.id as string;
      const remaining = bulk.filter((id) => !indexedOrder().includes(id));

      await waitFor('everything indexed', () => [...bulk, highId].every((id) => indexedOrder().includes(id)), 240_000, 50);
      const order = indexedOrder();
      const overtaken = remaining.filter((id) => order.indexOf(id) > order.indexOf(highId));
      // The bulk was still far from done, and the HIGH document went before nearly all of it:
      // only jobs already running or sent to the queue before the HIGH one arrived may finish first.
      expect(remaining.length).toBeGreaterThanOrEqual(30);
      expect(remaining.length - overtaken.length).toBeLessThanOrEqual(10);
    }, 300_000);

    it('takes the priority as a REST form field, and refuses an unknown one', async () => {
      const form = new FormData();
      form.append('priority', 'sometimes');
      form.append('file', new Blob([note(`${mode}-rest`, 1)]), 'rest.txt');
      const res = await fetch(`${d.baseUrl}/api/documents/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${alice.token}` },
        body: form,
      });
      const body = (await res.json()) as { results: { error: { code: string } | null }[] };
      expect(res.status).toBe(400);
      expect(body.results[0]!.error?.code).toBe('BAD_USER_INPUT');

      const ok = new FormData();
      ok.append('priority', 'low');
      ok.append('file', new Blob([note(`${mode}-rest`, 2)]), 'rest.txt');
      const created = await fetch(`${d.baseUrl}/api/documents/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${alice.token}` },
        body: ok,
      });
      expect(created.status).toBe(201);
    });
  });
}
