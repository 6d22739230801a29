import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { attemptDelivery } from '../../../src/webhooks/deliver.js';
import { signPayload, verifySignature } from '../../../src/webhooks/signing.js';
import { isPublicAddress } from '../../../src/webhooks/target-guard.js';

describe('webhook target guard', () => {
  it('tells public addresses from loopback, private, link-local, mapped and reserved ones', () => {
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) expect(isPublicAddress(a), a).toBe(true);
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '224.0.0.1',
      'not-an-ip',
    ])
      expect(isPublicAddress(a), a).toBe(false);
  });

  it('refuses a name that resolves to loopback at delivery time, and a literal private address, without connecting', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const req = { deliveryId: 1, eventType: 'DOCUMENT_INDEXED', secret: 's', payload: '{}' };
    const byName = await attemptDelivery({ ...req, url: `http://localhost:${port}/hook` }, { timeoutMs: 2000, allowPrivate: false });
    expect(byName.ok).toBe(false);
    expect(byName.attempt.error).toMatch(/non-public address/);
    const literal = await attemptDelivery({ ...req, url: `http://127.0.0.1:${port}/hook` }, { timeoutMs: 2000, allowPrivate: false });
    expect(literal.attempt.error).toMatch(/not a public address/);
    expect(hits).toBe(0);
    const allowed = await attemptDelivery({ ...req, url: `http://localhost:${port}/hook` }, { timeoutMs: 2000, allowPrivate: true });
    expect(allowed).toMatchObject({ ok: true, attempt: { statusCode: 200, error: null } });
    expect(hits).toBe(1);
    await new Promise((r) => server.close(r));
  });
});

describe('webhook signatures', () => {
  it('verify with the right secret and timestamp only', () => {
    const now = 1_800_000_000;
    const header = signPayload('secret-one', '{"a":1}', now);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature('secret-one', '{"a":1}', header, 300, now + 10)).toBe(true);
    expect(verifySignature('secret-two', '{"a":1}', header, 300, now)).toBe(false);
    expect(verifySignature('secret-one', '{"a":2}', header, 300, now)).toBe(false);
    expect(verifySignature('secret-one', '{"a":1}', header, 300, now + 301)).toBe(false);
    expect(verifySignature('secret-one', '{"a":1}', 'garbage', 300, now)).toBe(false);
  });
});
