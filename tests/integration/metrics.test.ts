import JSZip from 'jszip';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_EVENTS, DOCUMENTS } from '../../client/src/operations.js';
import { GraphQLHttpClient, subscribe, waitFor, wsClient } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';
import { corpus, uncachedPdf } from '../helpers/processes.js';
import { signUpRest, type RestClient } from '../helpers/rest-client.js';

const DASHBOARD = path.resolve(import.meta.dirname, '../../deploy/grafana/docsphere-dashboard.json');

/** `name{labels} value` lines → value of the first series matching the name and all label pairs. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

const scrape = async (url: string) => {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};

for (const mode of ['embedded', 'services'] as ModeName[]) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`Prometheus metrics (${mode})`, () => {
    let d: Deployment;
    let alice: RestClient;
    let gql: GraphQLHttpClient;
    /** Where pipeline metrics live: the API process when embedded, the worker's METRICS_PORT in services mode. */
    let pipelineMetricsUrl: string;

    beforeAll(async () => {
      d = await deploy(mode, { METRICS_PORT: '0' });
      alice = await signUpRest(d.baseUrl, `metrics-${mode}@example.com`);
      gql = new GraphQLHttpClient(d.graphqlUrl);
      gql.token = alice.token;
      if (mode === 'services') {
        const parse = (l: string): { metricsUrl?: string } => {
          try {
            return JSON.parse(l) as { metricsUrl?: string };
          } catch {
            return {};
          }
        };
        pipelineMetricsUrl = await waitFor(
          'worker metrics URL',
          () => d.worker!.lines.map(parse).find((l) => l.metricsUrl)?.metricsUrl,
          20_000,
        );
      } else {
        pipelineMetricsUrl = `${d.baseUrl}/metrics`;
      }
    });
    afterAll(() => d?.stop());

    it('counts GraphQL operations by name, their duration and errors by code', async () => {
      expect((await gql.request(DOCUMENTS, { first: 5 })).errors).toBeUndefined();
      const anon = new GraphQLHttpClient(d.graphqlUrl);
      expect((await anon.request(DOCUMENTS, {})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      await gql.request('query Broken { nope }');
      const text = await scrape(`${d.baseUrl}/metrics`);
      expect(
        sample(text, 'docsphere_graphql_operations_total', { operation_name: 'Docs', operation_type: 'query' }),
      ).toBeGreaterThanOrEqual(2);
      expect(sample(text, 'docsphere_graphql_operation_duration_seconds_count', { operation_name: 'Docs' })).toBeGreaterThanOrEqual(2);
      expect(sample(text, 'docsphere_graphql_errors_total', { operation_name: 'Docs', code: 'UNAUTHENTICATED' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'docsphere_graphql_errors_total', { operation_name: 'Broken', code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    });

    it('tracks open WebSocket connections and active subscriptions', async () => {
      const ws = wsClient(d.graphqlUrl, alice.token);
      const sub = subscribe(ws, DOCUMENT_EVENTS);
      try {
        await waitFor(
          'subscription counted',
          async () => {
            const text = await scrape(`${d.baseUrl}/metrics`);
            return sample(text, 'docsphere_websocket_connections') === 1 && sample(text, 'docsphere_graphql_subscriptions_active') === 1;
          },
          20_000,
          200,
        );
      } finally {
        sub.dispose();
        await ws.dispose();
      }
      await waitFor(
        'subscription released',
        async () => {
          const text = await scrape(`${d.baseUrl}/metrics`);
          return sample(text, 'docsphere_websocket_connections') === 0 && sample(text, 'docsphere_graphql_subscriptions_active') === 0;
        },
        20_000,
        200,
      );
    });

    it('streams a subscription over SSE (GET/POST /graphql with Accept: text/event-stream), counted as active', async () => {
      const abort = new AbortController();
      const res = await fetch(d.graphqlUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${alice.token}`, accept: 'text/event-stream', 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'subscription Live { documentEvents { type documentId status } }' }),
        signal: abort.signal,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      const events: Array<{ type: string; documentId: string; status: string }> = [];
      const readUntil = async (done: () => boolean) => {
        while (!done()) {
          const { value, done: ended } = await reader.read();
          if (ended) throw new Error('SSE stream ended');
          buffer += value;
          for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
            const frame = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const data = frame.split('\n').find((l) => l.startsWith('data: '));
            if (frame.startsWith('event: next') && data) events.push(JSON.parse(data.slice(6)).data.documentEvents);
          }
        }
      };
      try {
        await waitFor(
          'SSE subscription counted',
          async () => sample(await scrape(`${d.baseUrl}/metrics`), 'docsphere_graphql_subscriptions_active') === 1,
          20_000,
          200,
        );
        const up = await alice.post('/api/documents/upload', [
          { bytes: new TextEncoder().encode(`# SSE ${mode}\n\nstreamed events`), name: 'sse.md' },
        ]);
        const id = up.body.results[0].document.id as string;
        await readUntil(() => events.some((e) => e.documentId === id && e.type === 'DOCUMENT_INDEXED'));
        expect(events.filter((e) => e.documentId === id).map((e) => e.type)[0]).toBe('DOCUMENT_UPLOADED');
      } finally {
        abort.abort();
        await reader.cancel().catch(() => {});
      }
      await waitFor(
        'SSE subscription released',
        async () => sample(await scrape(`${d.baseUrl}/metrics`), 'docsphere_graphql_subscriptions_active') === 0,
        20_000,
        200,
      );
    });

    it('measures uploads, conversions by format, OCR pages, stage durations and failures', async () => {
      // Fresh bytes for this run: a conversion the extraction cache already holds (the same
      // corpus files in other suites on this database) would not be measured again.
      const nonce = `${mode}-${Date.now()}-${Math.random()}`;
      const docx = await JSZip.loadAsync(await readFile(corpus('docx', 'word_sample.docx')));
      docx.file(`customXml/nonce-${nonce.replace(/\W/g, '')}.xml`, `<nonce>${nonce}</nonce>`);
      const docxBytes = new Uint8Array(await docx.generateAsync({ type: 'uint8array' }));
      const scannedBytes = await uncachedPdf(corpus('ocr', 'ocr_test.pdf'));
      const res = await alice.post('/api/documents/upload', [
        { bytes: docxBytes, name: 'word_sample.docx' },
        { bytes: scannedBytes, name: 'ocr_test.pdf' },
        { bytes: new TextEncoder().encode('%PDF-1.7\n1 0 obj broken'), name: 'broken.pdf' },
      ]);
      expect(res.status).toBe(201);
      const ids = res.body.results.map((r: { document: { uuid: string } }) => r.document.uuid);
      await waitFor(
        'documents finished',
        async () => {
          const docs = await Promise.all(ids.map((id: string) => alice.json(`/api/documents/${id}`)));
          return docs.every((x) => x.body.status === 'INDEXED' || x.body.status === 'FAILED');
        },
        110_000,
        500,
      );
      const api = await scrape(`${d.baseUrl}/metrics`);
      expect(sample(api, 'docsphere_upload_bytes_total')).toBeGreaterThan(10_000);
      expect(sample(api, 'docsphere_uploads_total', { outcome: 'created' })).toBe(4);
      expect(sample(api, 'docsphere_queue_depth')).toBe(0);
      const worker = await scrape(pipelineMetricsUrl);
      const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      expect(sample(worker, 'docsphere_extraction_requests_total', { format: DOCX, outcome: 'ok' })).toBe(1);
      expect(sample(worker, 'docsphere_extraction_duration_seconds_count', { format: DOCX })).toBe(1);
      expect(sample(worker, 'docsphere_extraction_file_size_bytes_sum', { format: DOCX })).toBeGreaterThan(1000);
      expect(sample(worker, 'docsphere_ocr_pages_total')).toBeGreaterThanOrEqual(1);
      expect(sample(worker, 'docsphere_job_stage_duration_seconds_count', { stage: 'convert', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
      expect(sample(worker, 'docsphere_job_stage_duration_seconds_count', { stage: 'index', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
      expect(sample(worker, 'docsphere_document_failures_total', { code: 'CORRUPT_DOCUMENT' })).toBe(1);
    });

    it('serves every metric the Grafana dashboard charts', async () => {
      const dashboard = await readFile(DASHBOARD, 'utf8');
      const exprs = [...dashboard.matchAll(/"expr":\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
      expect(exprs.length).toBeGreaterThan(10);
      const names = new Set(exprs.flatMap((e) => [...e.matchAll(/\b((?:docsphere|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!)));
      const served = (await scrape(`${d.baseUrl}/metrics`)) + (await scrape(pipelineMetricsUrl));
      const servedNames = new Set([...served.matchAll(/^([a-z_:][a-z0-9_:]*)[{ ]/gm)].map((m) => m[1]));
      expect([...names].filter((n) => !servedNames.has(n))).toEqual([]);
    });
  });
}
