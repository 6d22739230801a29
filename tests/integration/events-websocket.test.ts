import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { GraphQLHttpClient, signedUpClient, subscribe, waitFor, wsClient } from '../helpers/graphql-client.js';
import { deploy, type Deployment } from '../helpers/modes.js';
import { DOCUMENT_EVENTS, LOG_IN } from '../../client/src/operations.js';

/**
 * The graphql-ws protocol spoken by hand over a real socket, so close codes and server pings can
 * be observed (and, for the dead-peer case, left unanswered).
 */
function rawSocket(graphqlUrl: string, token: string | null, options: { autoPong?: boolean } = {}) {
  const ws = new WebSocket(graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', { autoPong: options.autoPong ?? true });
  const messages: Array<{ type: string; id?: string; payload?: any }> = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} }));
      resolve();
    });
    ws.once('error', reject);
  });
  const acked = async () => {
    await opened;
    await waitFor('connection_ack', () => messages.some((m) => m.type === 'connection_ack'), 20_000, 20);
  };
  const sub = (id: string, variables: Record<string, unknown> = {}) =>
    ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query: DOCUMENT_EVENTS, variables } }));
  return { ws, messages, closed, acked, sub };
}

describe('documentEvents WebSocket: auth, expiry, limits, keep-alive', () => {
  let d: Deployment;
  const password = 'correct horse battery staple';
  const login = async (email: string) => {
    const res = await new GraphQLHttpClient(d.graphqlUrl).request(LOG_IN, { email, password });
    return res.data!.logIn.token as string;
  };

  beforeAll(async () => {
    d = await deploy('embedded', {
      JWT_TTL: '8s',
      WS_MAX_SOCKETS_PER_USER: '2',
      WS_MAX_SUBSCRIPTIONS_PER_USER: '2',
      WS_KEEPALIVE_MS: '400',
    });
    for (const email of ['limits@example.com', 'expiry@example.com', 'dead@example.com'])
      await signedUpClient(d.graphqlUrl, email, password);
  });
  afterAll(async () => d?.stop());

  it('refuses a bad token at connection_init and a subscription without a user', async () => {
    const bad = rawSocket(d.graphqlUrl, 'not-a-token');
    expect((await bad.closed).code).toBe(4403);
    const anon = wsClient(d.graphqlUrl);
    const sub = subscribe(anon, DOCUMENT_EVENTS, {});
    await waitFor('refused', () => sub.errors.length > 0);
    expect(JSON.stringify(sub.errors)).toContain('UNAUTHENTICATED');
    await anon.dispose();
  });

  it('caps sockets (4429) and subscriptions (RATE_LIMITED) per user', async () => {
    const token = await login('limits@example.com');
    const a = rawSocket(d.graphqlUrl, token);
    const b = rawSocket(d.graphqlUrl, token);
    await a.acked();
    await b.acked();
    const c = rawSocket(d.graphqlUrl, token);
    expect((await c.closed).code).toBe(4429);

    a.sub('1');
    b.sub('2');
    await new Promise((r) => setTimeout(r, 500));
    a.sub('3');
    await waitFor('third subscription refused', () => a.messages.some((m) => m.id === '3' && m.type === 'error'));
    expect(JSON.stringify(a.messages.find((m) => m.id === '3'))).toContain('RATE_LIMITED');
    // Completing one frees its slot.
    b.ws.send(JSON.stringify({ id: '2', type: 'complete' }));
    await new Promise((r) => setTimeout(r, 300));
    a.sub('4');
    await new Promise((r) => setTimeout(r, 800));
    expect(a.messages.some((m) => m.id === '4' && m.type === 'error')).toBe(false);
    a.ws.close();
    b.ws.close();
  });

  it('closes the socket with 4401 when the token expires', async () => {
    const token = await login('expiry@example.com');
    const s = rawSocket(d.graphqlUrl, token);
    await s.acked();
    s.sub('1');
    const started = Date.now();
    const closed = await s.closed;
    expect(closed.code).toBe(4401);
    // Not at once: only when the 8-second token runs out.
    expect(Date.now() - started).toBeGreaterThan(2_000);
  });

  it('terminates a socket whose peer stops answering pings', async () => {
    const token = await login('dead@example.com');
    const s = rawSocket(d.graphqlUrl, token, { autoPong: false });
    await s.acked();
    const closed = await Promise.race([s.closed, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
    expect(closed?.code).toBe(1006);
  });
});
