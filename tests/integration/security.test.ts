import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLHttpClient, waitFor, wsClient } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';
import { MARKER, NAUGHTY_NAMES } from '../unit/security-naughty-names.js';

/**
 * Abuse limits, CSRF, credentials and hostile filenames against a real server, in both modes.
 * Limits are set low for this deployment so each one is easy to cross; every over-limit
 * operation also asks to create an API key named after the limit, and the key list proves
 * afterwards that no resolver ran.
 */
const PASSWORD = 'correct horse battery staple';
const LIMITS = {
  GRAPHQL_MAX_DEPTH: '4',
  GRAPHQL_MAX_ALIASES: '3',
  GRAPHQL_MAX_DIRECTIVES: '3',
  GRAPHQL_MAX_TOKENS: '250',
  GRAPHQL_MAX_COST: '60',
  RATE_LOGIN_PER_15M: '3',
  REFRESH_REUSE_GRACE_SECONDS: '2',
  RATE_EXTRACT_PER_MIN: '2',
  MAX_FILES: '50',
  // Nothing here needs the pipeline: keep the embedded server light (no converter sandboxes).
  RUN_WORKERS: 'false',
};
const FAKE_DOC = Buffer.from('Document:00000000-0000-0000-0000-000000000000').toString('base64');

const OVER_LIMIT: Record<string, { query: string; message: RegExp }> = {
  depth: {
    query: `mutation { createApiKey(name: "depth") { key } reprocessDocument(id: "${FAKE_DOC}") { chunks { edges { node { headings } } } } }`,
    message: /depth limit of 4/,
  },
  aliases: {
    query: `mutation { a: createApiKey(name: "aliases") { key } b: createApiKey(name: "aliases") { key } c: createApiKey(name: "aliases") { key } d: createApiKey(name: "aliases") { key } }`,
    message: /Aliases limit of 3/,
  },
  directives: {
    query: `mutation { createApiKey(name: "directives") { key @skip(if: false) apiKey @skip(if: false) { name @skip(if: false) prefix @skip(if: false) } } }`,
    message: /Directives limit of 3/,
  },
  tokens: {
    query: `mutation { createApiKey(name: "tokens") { key ${'key '.repeat(300)} } }`,
    message: /Token limit of 250/,
  },
  cost: {
    // Scalars are nearly free (a page of documents must fit); a list of 50 is what weighs.
    query: `mutation { createApiKey(name: "cost") { key } reprocessDocument(id: "${FAKE_DOC}") { chunks(first: 50) { pageInfo { hasNextPage } } } }`,
    message: /Cost limit of 60/,
  },
};

async function signUp(url: string, email: string) {
  const client = new GraphQLHttpClient(url);
  const res = await client.request(`mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { token refreshToken } }`, {
    e: email,
    p: PASSWORD,
  });
  expect(res.errors).toBeUndefined();
  client.token = res.data!.signUp.token;
  return { client, refreshToken: res.data!.signUp.refreshToken as string };
}

const keyNames = async (c: GraphQLHttpClient) =>
  (await c.request(`{ apiKeys { name } }`)).data!.apiKeys.map((k: { name: string }) => k.name);

async function wsResult(url: string, token: string | undefined, query: string) {
  const client = wsClient(url, token);
  try {
    return await new Promise<{ data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>((resolve) => {
      let result: { data?: unknown; errors?: any[] } = {};
      client.subscribe(
        { query },
        {
          next: (v) => (result = v as typeof result),
          error: (err) => resolve({ errors: Array.isArray(err) ? err : [{ message: String((err as Error).message ?? err) }] }),
          complete: () => resolve(result),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

for (const mode of ['embedded', 'services'] as ModeName[]) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`security (${mode})`, () => {
    let d: Deployment;
    let alice: GraphQLHttpClient;
    let aliceRefresh: string;

    beforeAll(async () => {
      d = await deploy(mode, LIMITS);
      ({ client: alice, refreshToken: aliceRefresh } = await signUp(d.graphqlUrl, `alice-sec-${mode}@example.com`));
    });
    afterAll(async () => {
      await d?.stop();
    });

    it('rejects every graphql-armor limit over HTTP and WebSocket before any resolver runs', async () => {
      for (const [limit, { query, message }] of Object.entries(OVER_LIMIT)) {
        const http = await alice.request(query);
        expect(http.data ?? null, limit).toBeNull();
        expect(http.errors?.[0]?.message, limit).toMatch(message);
        expect(http.errors?.[0]?.extensions?.code, limit).toMatch(/RESOURCE_LIMIT|GRAPHQL_PARSE_FAILED/);
        const ws = await wsResult(d.graphqlUrl, alice.token, query);
        expect(ws.data ?? null, `${limit} (ws)`).toBeNull();
        expect(ws.errors?.[0]?.message, `${limit} (ws)`).toMatch(message);
      }
      expect(await keyNames(alice)).toEqual([]);
      // Within the limits the same mutation runs, over both doors.
      expect((await alice.request(`mutation { createApiKey(name: "within") { key } }`)).errors).toBeUndefined();
      expect((await wsResult(d.graphqlUrl, alice.token, `mutation { createApiKey(name: "within-ws") { key } }`)).errors).toBeUndefined();
      expect((await keyNames(alice)).sort()).toEqual(['within', 'within-ws']);
    });

    it('answers a malformed or foreign global ID with BAD_USER_INPUT and a fixed message, never the input', async () => {
      const hostile = '<script>alert(1)</script>';
      const foreign = Buffer.from('Chunk:00000000-0000-0000-0000-000000000000').toString('base64');
      for (const [name, query] of [
        ['node', `{ node(id: "${hostile}") { id } }`],
        ['document', `{ document(id: "garbage") { id } }`],
        ['document of another type', `{ document(id: "${foreign}") { id } }`],
        ['mutation', `mutation { deleteDocument(id: "${hostile}") { deletedId } }`],
      ]) {
        const res = await alice.request(query!);
        expect(res.errors?.[0]?.extensions?.code, name).toBe('BAD_USER_INPUT');
        expect(res.errors?.[0]?.message, name).toBe('Invalid ID');
        expect(JSON.stringify(res), name).not.toContain('script');
      }
    });

    it('requires the CSRF header on multipart, GET and other simple requests', async () => {
      const form = new FormData();
      form.append(
        'operations',
        JSON.stringify({ query: 'mutation($f: Upload!) { uploadDocument(file: $f) { duplicate } }', variables: { f: null } }),
      );
      form.append('map', JSON.stringify({ 0: ['variables.f'] }));
      form.append('0', new Blob(['csrf probe text']), 'csrf.txt');
      const auth = { authorization: `Bearer ${alice.token}` };
      const forged = await fetch(d.graphqlUrl, { method: 'POST', headers: auth, body: form });
      expect(forged.status).toBe(403);
      expect(((await forged.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
      const get = await fetch(`${d.graphqlUrl}?query=${encodeURIComponent('{ me { id } }')}`, { headers: auth });
      expect(get.status).toBe(403);
      const text = await fetch(d.graphqlUrl, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/plain' },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      expect(text.status).toBe(403);
      expect((await alice.request(`{ documents { edges { node { id } } } }`)).data!.documents.edges).toEqual([]);
      // With the header (either name) the same requests are served.
      const ok = await fetch(`${d.graphqlUrl}?query=${encodeURIComponent('{ me { email } }')}`, {
        headers: { ...auth, 'apollo-require-preflight': 'true' },
      });
      expect(((await ok.json()) as any).data.me.email).toBe(`alice-sec-${mode}@example.com`);
    });

    it('throttles login brute force per email and address, with retryAfter and Retry-After', async () => {
      const email = `victim-${mode}@example.com`;
      await signUp(d.graphqlUrl, email);
      const anon = new GraphQLHttpClient(d.graphqlUrl);
      const login = (password: string, who = email) =>
        anon.request(`mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { token } }`, { e: who, p: password });
      for (let i = 0; i < 3; i++) expect((await login(`wrong-${i}-password`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      // Now even the right password is refused until the window passes.
      const blocked = await login(PASSWORD);
      expect(blocked.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(Number(blocked.errors?.[0]?.extensions?.retryAfter)).toBeGreaterThan(0);
      const raw = await fetch(d.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `mutation { logIn(email: "${email}", password: "${PASSWORD}") { token } }` }),
      });
      expect(raw.status).toBe(429);
      expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another account from the same address is not locked out by it.
      expect((await login(PASSWORD, `alice-sec-${mode}@example.com`)).data?.logIn.token).toBeTruthy();
    });

    it('accepts API keys as Bearer and X-API-Key, lists them without the secret, and a revoked key fails at once', async () => {
      const created = await alice.request(`mutation { createApiKey(name: "ci") { key apiKey { id name prefix revokedAt } } }`);
      const { key, apiKey } = created.data!.createApiKey;
      expect(key).toMatch(/^dsk_[A-Za-z0-9_-]{43}$/);
      expect(key.startsWith(apiKey.prefix)).toBe(true);
      const bearer = new GraphQLHttpClient(d.graphqlUrl);
      bearer.token = key;
      expect((await bearer.request(`{ me { email } }`)).data!.me.email).toBe(`alice-sec-${mode}@example.com`);
      const header = await fetch(d.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify({ query: '{ me { email } }' }),
      });
      expect(((await header.json()) as any).data.me.email).toBe(`alice-sec-${mode}@example.com`);
      expect((await wsResult(d.graphqlUrl, key, `{ me { email } }`)).data).toEqual({ me: { email: `alice-sec-${mode}@example.com` } });
      const listed = await alice.request(`{ apiKeys { id name prefix } }`);
      expect(JSON.stringify(listed.data)).not.toContain(key);
      await waitFor(
        'last use recorded',
        async () =>
          (await alice.request(`{ apiKeys { id lastUsedAt } }`)).data!.apiKeys.find((k: { id: string }) => k.id === apiKey.id)?.lastUsedAt,
      );

      expect(
        (await alice.request(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id })).data!.revokeApiKey.revokedAt,
      ).toBeTruthy();
      const after = await bearer.request(`{ me { email } }`);
      expect(after.status).toBe(401);
      expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const actions = (await alice.request(`{ auditLog(first: 10) { action } }`)).data!.auditLog.map((e: { action: string }) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['SIGN_UP', 'LOGIN', 'API_KEY_CREATED', 'API_KEY_REVOKED']));
    });

    it('rotates refresh tokens; a concurrent duplicate gets the same successor, a late reuse ends the whole session', async () => {
      const refresh = (token: string) =>
        new GraphQLHttpClient(d.graphqlUrl).request(
          `mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken user { email } } }`,
          { t: token },
        );
      // Two tabs refreshing the same token at the same moment: both succeed with one successor.
      const [a, b] = await Promise.all([refresh(aliceRefresh), refresh(aliceRefresh)]);
      expect(a!.errors).toBeUndefined();
      expect(b!.errors).toBeUndefined();
      expect(a!.data!.refreshToken.user.email).toBe(`alice-sec-${mode}@example.com`);
      const next = a!.data!.refreshToken.refreshToken as string;
      expect(next).not.toBe(aliceRefresh);
      expect(b!.data!.refreshToken.refreshToken).toBe(next);
      // The session survives: the successor rotates as usual.
      const second = await refresh(next);
      expect(second.errors).toBeUndefined();
      const latest = second.data!.refreshToken.refreshToken as string;
      // The spent token again after the grace window: refused, and the session dies with it.
      await new Promise((r) => setTimeout(r, (Number(LIMITS.REFRESH_REUSE_GRACE_SECONDS) + 1) * 1000));
      expect((await refresh(next)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await refresh(latest)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const actions = (await alice.request(`{ auditLog(first: 10) { action } }`)).data!.auditLog.map((e: { action: string }) => e.action);
      expect(actions).toContain('REFRESH_TOKEN_REUSED');
    });

    it('rate-limits extraction per user with RATE_LIMITED before reading the file', async () => {
      const extract = () =>
        alice.upload(
          `mutation($f: Upload!) { extract(file: $f) { text } }`,
          { f: null },
          { f: { bytes: new TextEncoder().encode('Plain words to extract.'), name: 'x.txt' } },
        );
      for (let i = 0; i < 2; i++) expect((await extract()).errors).toBeUndefined();
      const third = await extract();
      expect(third.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(Number(third.errors?.[0]?.extensions?.retryAfter)).toBeGreaterThan(0);
    });

    it('never writes outside the storage root, whatever the filename, and survives malformed parts', async () => {
      const results: Array<{ name: string; filename?: string; code?: string }> = [];
      // One request per name: a NUL byte makes the multipart body itself malformed, which must
      // fail that request only (it used to crash the process).
      for (const [i, name] of NAUGHTY_NAMES.entries()) {
        const res = await alice.upload(
          `mutation($f: Upload!) { uploadDocument(file: $f) { document { filename } } }`,
          { f: null },
          { f: { bytes: new TextEncoder().encode(`naughty file number ${i} with its own bytes`), name } },
        );
        results.push({ name, filename: res.data?.uploadDocument?.document?.filename, code: res.errors?.[0]?.extensions?.code });
      }
      for (const r of results) {
        if (r.filename) expect(r.filename, r.name).not.toMatch(/[\\/\u0000-\u001f]|^\./);
        else expect(r.code, r.name).toMatch(/^(BAD_USER_INPUT|UNSUPPORTED_FORMAT)$/);
      }
      expect(results.filter((r) => r.filename).length).toBeGreaterThan(NAUGHTY_NAMES.length * 0.8);
      expect((await fetch(`${d.baseUrl}/health`)).status).toBe(200);
      // Stored files are named by hash under DATA_DIR/files; no name (or part of one) appears anywhere.
      const found: string[] = [];
      const walk = async (dir: string, depth: number): Promise<void> => {
        for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
          if (entry.name.includes(MARKER)) found.push(path.join(dir, entry.name));
          if (entry.isDirectory() && depth > 0) await walk(path.join(dir, entry.name), depth - 1);
        }
      };
      await walk(d.dataDir, 8);
      await walk(tmpdir(), 0);
      await walk('/etc', 0);
      await walk(path.resolve(import.meta.dirname, '../..'), 1);
      expect(found).toEqual([]);
    });
  });
}

describe('production mode (embedded)', () => {
  let d: Deployment;
  beforeAll(async () => {
    d = await deploy('embedded', { NODE_ENV: 'production', RUN_WORKERS: 'false' });
  });
  afterAll(async () => {
    await d?.stop();
  });

  it('turns off introspection and field suggestions, and masks unexpected errors', async () => {
    const anon = new GraphQLHttpClient(d.graphqlUrl);
    const intro = await anon.request(`{ __schema { queryType { name } } }`);
    expect(intro.data ?? null).toBeNull();
    expect(intro.errors?.[0]?.message).toMatch(/introspection/i);
    const typo = await anon.request(`{ supportedFormatz { label } }`);
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    // A malformed id reaches the database as an invalid uuid: INTERNAL, with nothing of the cause.
    const { client } = await signUp(d.graphqlUrl, 'prod@example.com');
    const res = await client.request(`mutation($id: ID!) { deleteDocument(id: $id) { deletedId } }`, {
      id: Buffer.from('Document:not-a-uuid').toString('base64'),
    });
    const body = JSON.stringify(res.errors);
    expect(res.errors?.[0]?.extensions?.code).toMatch(/INTERNAL|NOT_FOUND|BAD_USER_INPUT/);
    expect(body).not.toMatch(/stack|select |delete from|uuid|\/work\/|node_modules|\.ts:/i);
    const graphiql = await fetch(d.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).not.toMatch(/graphiql/i);
  });
});
