import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE_DOCUMENT, SIGN_UP, UPLOAD_DOCUMENT } from '../../client/src/operations.js';
import { verifySignature } from '../../src/webhooks/signing.js';
import { GraphQLHttpClient, waitFor } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';
import { corpus } from '../helpers/processes.js';

/**
 * Webhooks end to end against real servers: a receiver on loopback (allowed explicitly with
 * WEBHOOK_ALLOW_PRIVATE) checks every signature with its own HMAC; a receiver that fails twice
 * shows the retries with backoff in the delivery log; one that always fails ends FAILED.
 */
const CREATE = /* GraphQL */ `
  mutation Create($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      secret
      webhook {
        id
        url
        events
      }
    }
  }
`;
const LOG = /* GraphQL */ `
  query Log {
    webhooks {
      id
      url
      deliveries(first: 50) {
        id
        event
        status
        attempts
        payload
        log {
          at
          statusCode
          error
        }
      }
    }
  }
`;
const DELETE_WEBHOOK = /* GraphQL */ `
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id) {
      deletedId
    }
  }
`;

interface Received {
  path: string;
  body: string;
  signature: string;
  event: string;
  json: { type: string; document: { id: string; nodeId: string; status: string; errorCode: string | null } };
}

/** A webhook receiver: records every request; `failures` answers 500 to the first N requests per path. */
async function startReceiver(failures: Record<string, number>) {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString();
      const path = req.url ?? '/';
      const n = (seen.get(path) ?? 0) + 1;
      seen.set(path, n);
      received.push({
        path,
        body,
        signature: String(req.headers['docsphere-signature']),
        event: String(req.headers['docsphere-event']),
        json: JSON.parse(body),
      });
      res.statusCode = n <= (failures[path] ?? 0) ? 500 : 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise((r) => server.close(r)) };
}

/** The receiver's own check, independent of the server's code: HMAC-SHA256 over `t.body`. */
function signatureValid(secret: string, r: Received): boolean {
  const t = /t=(\d+)/.exec(r.signature)?.[1];
  const v1 = /v1=([0-9a-f]{64})/.exec(r.signature)?.[1];
  if (!t || !v1) return false;
  return createHmac('sha256', secret).update(`${t}.${r.body}`).digest('hex') === v1 && Math.abs(Date.now() / 1000 - Number(t)) < 300;
}

const modes: ModeName[] = ['embedded', 'services'];

for (const mode of modes) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`webhooks (${mode})`, () => {
    let d: Deployment;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let client: GraphQLHttpClient;

    beforeAll(async () => {
      receiver = await startReceiver({ '/flaky': 2, '/down': 1000 });
      d = await deploy(mode, {
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_BACKOFF_MS: '300',
        WEBHOOK_MAX_ATTEMPTS: '3',
        WEBHOOK_POLL_MS: '100',
      });
      client = new GraphQLHttpClient(d.graphqlUrl);
      const res = await client.request(SIGN_UP, { email: `hooks-${mode}@example.com`, password: 'correct horse battery staple' });
      client.token = res.data!.signUp.token;
    });

    afterAll(async () => {
      await d?.stop();
      await receiver?.close();
    });

    it('signs indexed, failed and deleted events; retries a failing receiver; gives up on a dead one', async () => {
      const create = async (path: string, events: string[]) => {
        const res = await client.request(CREATE, { input: { url: `${receiver.url}${path}`, events } });
        expect(res.errors).toBeUndefined();
        return res.data!.createWebhook as { secret: string; webhook: { id: string } };
      };
      const all = await create('/ok', ['DOCUMENT_INDEXED', 'DOCUMENT_FAILED', 'DOCUMENT_DELETED']);
      const flaky = await create('/flaky', ['DOCUMENT_INDEXED']);
      await create('/down', ['DOCUMENT_DELETED']);
      expect(all.secret).toMatch(/^whsec_/);
      expect(all.secret).not.toBe(flaky.secret);

      const good = await client.upload(UPLOAD_DOCUMENT, { file: null }, { file: { path: corpus('md', 'duck.md') } });
      expect(good.errors).toBeUndefined();
      const goodId = good.data!.uploadDocument.document.id as string;
      // Bytes that say PDF and are not one: accepted at upload, FAILED in conversion.
      const bad = await client.upload(
        UPLOAD_DOCUMENT,
        { file: null },
        {
          file: { name: 'broken.pdf', bytes: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage that is no pdf\n') },
        },
      );
      expect(bad.errors).toBeUndefined();

      const okFor = (type: string) => receiver.received.filter((r) => r.path === '/ok' && r.event === type);
      await waitFor(
        'indexed and failed deliveries',
        () => okFor('DOCUMENT_INDEXED').length >= 1 && okFor('DOCUMENT_FAILED').length >= 1,
        60_000,
      );
      const del = await client.request(DELETE_DOCUMENT, { id: goodId });
      expect(del.errors).toBeUndefined();
      await waitFor('the deleted delivery', () => okFor('DOCUMENT_DELETED').length >= 1, 30_000);

      const indexed = okFor('DOCUMENT_INDEXED')[0]!;
      expect(indexed.json).toMatchObject({ type: 'DOCUMENT_INDEXED', document: { nodeId: goodId, status: 'INDEXED' } });
      expect(okFor('DOCUMENT_FAILED')[0]!.json.document.errorCode).toBeTruthy();
      expect(okFor('DOCUMENT_DELETED')[0]!.json.document.nodeId).toBe(goodId);
      for (const r of receiver.received.filter((x) => x.path === '/ok')) {
        expect(signatureValid(all.secret, r)).toBe(true);
        expect(verifySignature(all.secret, r.body, r.signature)).toBe(true);
        expect(signatureValid(flaky.secret, r)).toBe(false);
      }
      // Each event reached the good receiver once.
      expect(receiver.received.filter((r) => r.path === '/ok')).toHaveLength(3);

      // The flaky receiver: 500, 500, then 200, each attempt signed with the same secret.
      await waitFor(
        'the flaky receiver to accept on the third try',
        () => receiver.received.filter((r) => r.path === '/flaky').length >= 3,
        30_000,
      );
      const flakyHits = receiver.received.filter((r) => r.path === '/flaky');
      expect(flakyHits.every((r) => signatureValid(flaky.secret, r))).toBe(true);
      expect(new Set(flakyHits.map((r) => r.body)).size).toBe(1);

      const log = await waitFor(
        'the delivery log to show the outcomes',
        async () => {
          const res = await client.request(LOG);
          const hooks = res.data?.webhooks as Array<{
            url: string;
            deliveries: Array<{ status: string; attempts: number; log: Array<{ at: string; statusCode: number | null }> }>;
          }>;
          const byPath = (p: string) => hooks.find((h) => h.url.endsWith(p))!.deliveries;
          const flakyLog = byPath('/flaky')[0];
          const downLog = byPath('/down')[0];
          return flakyLog?.status === 'DELIVERED' && downLog?.status === 'FAILED' ? { flakyLog, downLog } : null;
        },
        30_000,
      );
      expect(log.flakyLog.attempts).toBe(3);
      expect(log.flakyLog.log.map((a) => a.statusCode)).toEqual([500, 500, 200]);
      // Exponential backoff: base 300 ms, then 600 ms (plus the poll interval).
      const at = log.flakyLog.log.map((a) => Date.parse(a.at));
      expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(300);
      expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(600);
      expect(log.downLog.attempts).toBe(3);
      expect(log.downLog.log.map((a) => a.statusCode)).toEqual([500, 500, 500]);
      expect(receiver.received.filter((r) => r.path === '/down')).toHaveLength(3);
    });

    it('refuses bad targets and events with BAD_USER_INPUT, and deletes a webhook', async () => {
      const bad = await client.request(CREATE, { input: { url: 'ftp://example.com/hook', events: ['DOCUMENT_INDEXED'] } });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const noEvents = await client.request(CREATE, { input: { url: `${receiver.url}/x`, events: [] } });
      expect(noEvents.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const list = await client.request(LOG);
      const id = (list.data!.webhooks as Array<{ id: string }>)[0]!.id;
      const del = await client.request(DELETE_WEBHOOK, { id });
      expect(del.data?.deleteWebhook.deletedId).toBe(id);
      const again = await client.request(DELETE_WEBHOOK, { id });
      expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const other = new GraphQLHttpClient(d.graphqlUrl);
      const res = await other.request(SIGN_UP, { email: `other-${mode}@example.com`, password: 'correct horse battery staple' });
      other.token = res.data!.signUp.token;
      expect((await other.request(LOG)).data?.webhooks).toEqual([]);
    });
  });
}
