import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GraphQLHttpClient, subscribe, waitFor, wsClient } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';
import { SHARING_TABLE, setUpSharing, signUpClient, type SharingWorld } from './tenancy-sharing.js';
import { SHARING_CHECKS, checkSharingPolicies } from './tenancy-sharing-checks.js';

/**
 * Three users, every root field: Bob, aiming each query, mutation and subscription at Alice's
 * document, key, session and bytes, gets nothing of hers. The table is checked against the live
 * schema, so a root field added without an entry here fails this test until someone says how
 * it is isolated. In services mode the database enforces the same isolation (row-level security).
 * Alice shares a collection with Carol as VIEWER (tenancy-sharing.ts): Bob, no member, still gets
 * nothing; Carol reads and changes nothing.
 */
const PASSWORD = 'correct horse battery staple';
const WORD = 'quizzaciously';
const ALICE_BYTES = new TextEncoder().encode(`# Alice private notes\n\nThe word ${WORD} appears only here.\n`);

interface World extends SharingWorld {
  d: Deployment;
  aliceEmail: string;
  aliceKey: { id: string; key: string };
  aliceRefresh: string;
  aliceWebhook: string;
}

const code = (res: { errors?: Array<{ extensions?: { code?: string } }> }) => res.errors?.[0]?.extensions?.code;
const upload = (c: GraphQLHttpClient, bytes: Uint8Array) =>
  c.upload(
    `mutation($f: Upload!) { uploadDocument(file: $f) { duplicate document { id sha256 } } }`,
    { f: null },
    { f: { bytes, name: 'notes.md' } },
  );
const aliceStillHasDoc = async (w: World) =>
  expect((await w.alice.request(`query($id: ID!) { document(id: $id) { id } }`, { id: w.aliceDoc })).data!.document?.id).toBe(w.aliceDoc);

/** One entry per root field: what Bob tries, and what proves he got nothing of Alice's. */
const TABLE: Record<string, (w: World) => Promise<void>> = {
  'Query.me': async (w) => expect((await w.bob.request(`{ me { email } }`)).data!.me.email).not.toBe(w.aliceEmail),
  'Query.document': async (w) =>
    expect((await w.bob.request(`query($id: ID!) { document(id: $id) { id } }`, { id: w.aliceDoc })).data!.document).toBeNull(),
  'Query.documents': async (w) =>
    expect((await w.bob.request(`{ documents(first: 100) { edges { node { id } } } }`)).data!.documents.edges).toEqual([]),
  'Query.node': async (w) => {
    for (const id of [w.aliceDoc, w.aliceKey.id])
      expect((await w.bob.request(`query($id: ID!) { node(id: $id) { id } }`, { id })).data?.node ?? null).toBeNull();
  },
  'Query.nodes': async (w) =>
    expect(
      (await w.bob.request(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [w.aliceDoc, w.aliceKey.id] })).data?.nodes ?? [
        null,
        null,
      ],
    ).toEqual([null, null]),
  'Query.search': async (w) =>
    expect(
      (await w.bob.request(`query($q: String!) { search(query: $q, mode: LEXICAL) { document { id } } }`, { q: WORD })).data!.search,
    ).toEqual([]),
  'Query.searchModes': async (w) => expect(code(await w.bob.request(`{ searchModes }`))).toBeUndefined(), // server capabilities, no user data
  'Query.supportedFormats': async (w) => expect(code(await w.bob.request(`{ supportedFormats { label } }`))).toBeUndefined(), // public list
  'Query.apiKeys': async (w) => expect(JSON.stringify((await w.bob.request(`{ apiKeys { id } }`)).data)).not.toContain(w.aliceKey.id),
  'Query.auditLog': async (w) => {
    const log = JSON.stringify((await w.bob.request(`{ auditLog(first: 50) { action documentId } }`)).data);
    expect(log).not.toContain(w.aliceDoc);
    expect(log).not.toContain('API_KEY_CREATED');
  },
  'Mutation.signUp': async (w) => {
    const res = await new GraphQLHttpClient(w.d.graphqlUrl).request(
      `mutation($e: String!) { signUp(email: $e, password: "another long password") { token } }`,
      { e: w.aliceEmail },
    );
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.data?.signUp ?? null).toBeNull();
  },
  'Mutation.logIn': async (w) =>
    expect(
      code(await w.bob.request(`mutation($e: String!) { logIn(email: $e, password: "bob guesses wrong") { token } }`, { e: w.aliceEmail })),
    ).toBe('UNAUTHENTICATED'),
  'Mutation.refreshToken': async (w) =>
    expect(code(await w.bob.request(`mutation { refreshToken(refreshToken: "dsr_not-alices") { token } }`))).toBe('UNAUTHENTICATED'),
  'Mutation.logOut': async (w) => {
    expect(code(await w.bob.request(`mutation($t: String) { logOut(refreshToken: $t) }`, { t: w.aliceRefresh }))).toBe('UNAUTHENTICATED');
  },
  'Query.webhooks': async (w) =>
    expect(JSON.stringify((await w.bob.request(`{ webhooks { id url } }`)).data)).not.toContain(w.aliceWebhook),
  'Mutation.createWebhook': async (w) => {
    const created = await w.bob.request(
      `mutation { createWebhook(input: { url: "http://127.0.0.1:9/bobs-hook", events: [DOCUMENT_INDEXED] }) { webhook { id } } }`,
    );
    expect(code(created)).toBeUndefined();
    expect(JSON.stringify((await w.alice.request(`{ webhooks { url } }`)).data)).not.toContain('bobs-hook');
  },
  'Mutation.deleteWebhook': async (w) => {
    expect(code(await w.bob.request(`mutation($id: ID!) { deleteWebhook(id: $id) { deletedId } }`, { id: w.aliceWebhook }))).toBe(
      'NOT_FOUND',
    );
    expect(JSON.stringify((await w.alice.request(`{ webhooks { id } }`)).data)).toContain(w.aliceWebhook);
  },
  'Mutation.createApiKey': async (w) => {
    await w.bob.request(`mutation { createApiKey(name: "bobs") { key } }`);
    expect(JSON.stringify((await w.alice.request(`{ apiKeys { name } }`)).data)).not.toContain('bobs');
  },
  'Mutation.revokeApiKey': async (w) => {
    expect(code(await w.bob.request(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: w.aliceKey.id }))).toBe('NOT_FOUND');
    const keyed = new GraphQLHttpClient(w.d.graphqlUrl);
    keyed.token = w.aliceKey.key;
    expect((await keyed.request(`{ me { email } }`)).data!.me.email).toBe(w.aliceEmail);
  },
  'Mutation.uploadDocument': async (w) => {
    // The same bytes: Bob gets his own new document, never "duplicate" of Alice's.
    const res = await upload(w.bob, ALICE_BYTES);
    expect(res.data!.uploadDocument.duplicate).toBe(false);
    expect(res.data!.uploadDocument.document.id).not.toBe(w.aliceDoc);
  },
  'Mutation.uploadDocuments': async (w) => {
    const res = await w.bob.upload(
      `mutation($f: [Upload!]!) { uploadDocuments(files: $f) { results { duplicate document { id } } } }`,
      { f: [null] },
      { 'f.0': { bytes: ALICE_BYTES, name: 'again.md' } },
    );
    expect(res.data!.uploadDocuments.results[0].document.id).not.toBe(w.aliceDoc);
  },
  'Mutation.extract': async (w) => {
    const res = await w.bob.upload(
      `mutation($f: Upload!) { extract(file: $f) { text } }`,
      { f: null },
      { f: { bytes: new TextEncoder().encode('bob text only'), name: 'b.txt' } },
    );
    expect(res.data!.extract.text).not.toContain(WORD);
  },
  'Mutation.deleteDocument': async (w) => {
    expect(code(await w.bob.request(`mutation($id: ID!) { deleteDocument(id: $id) { deletedId } }`, { id: w.aliceDoc }))).toBe('NOT_FOUND');
    await aliceStillHasDoc(w);
  },
  'Mutation.reprocessDocument': async (w) => {
    expect(code(await w.bob.request(`mutation($id: ID!) { reprocessDocument(id: $id) { id } }`, { id: w.aliceDoc }))).toBe('NOT_FOUND');
  },
  'Mutation.cancelProcessing': async (w) => {
    expect(code(await w.bob.request(`mutation($id: ID!) { cancelProcessing(id: $id) { id } }`, { id: w.aliceDoc }))).toBe('NOT_FOUND');
    await aliceStillHasDoc(w);
  },
  'Subscription.documentEvents': async (w) => {
    const bobWs = wsClient(w.d.graphqlUrl, w.bob.token);
    const aliceWs = wsClient(w.d.graphqlUrl, w.alice.token);
    try {
      const query = `subscription($id: ID, $after: String) { documentEvents(documentId: $id, after: $after) { documentId } }`;
      const aimed = subscribe(bobWs, query, { id: w.aliceDoc });
      const replay = subscribe<{ documentEvents: { documentId: string } }>(bobWs, query, { after: '0' });
      const live = subscribe<{ documentEvents: { documentId: string } }>(bobWs, query, {});
      const alices = subscribe<{ documentEvents: { documentId: string; document: { id: string } | null } }>(
        aliceWs,
        `subscription { documentEvents { documentId document { id } } }`,
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(
        (await w.alice.request(`mutation($id: ID!) { reprocessDocument(id: $id) { id } }`, { id: w.aliceDoc })).errors,
      ).toBeUndefined();
      await waitFor('alice sees her event', () => alices.events.some((e) => e.documentEvents.documentId === w.aliceDoc));
      // Her events resolve her document (as her, under row-level security in services mode).
      expect(alices.events.find((e) => e.documentEvents.documentId === w.aliceDoc)!.documentEvents.document?.id).toBe(w.aliceDoc);
      await waitFor('aimed subscription refused', () => aimed.errors.length > 0 || aimed.isCompleted());
      expect(JSON.stringify(aimed.errors)).toMatch(/NOT_FOUND|not found/);
      await new Promise((r) => setTimeout(r, 500));
      for (const s of [replay, live]) expect(s.events.filter((e) => e.documentEvents.documentId === w.aliceDoc)).toEqual([]);
      for (const s of [aimed, replay, live, alices]) s.dispose();
    } finally {
      await bobWs.dispose();
      await aliceWs.dispose();
    }
  },
  ...SHARING_TABLE,
};

async function rootFields(url: string): Promise<string[]> {
  const res = await new GraphQLHttpClient(url).request(`{ __schema {
    queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } } } }`);
  const s = res.data!.__schema;
  return [
    ...s.queryType.fields.map((f: { name: string }) => `Query.${f.name}`),
    ...s.mutationType.fields.map((f: { name: string }) => `Mutation.${f.name}`),
    ...s.subscriptionType.fields.map((f: { name: string }) => `Subscription.${f.name}`),
  ];
}

async function signUp(url: string, email: string) {
  const c = new GraphQLHttpClient(url);
  const res = await c.request(`mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { token refreshToken } }`, {
    e: email,
    p: PASSWORD,
  });
  c.token = res.data!.signUp.token;
  return { c, refresh: res.data!.signUp.refreshToken as string };
}

for (const mode of ['embedded', 'services'] as ModeName[]) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`tenant isolation (${mode})`, () => {
    const w = {} as World;

    beforeAll(async () => {
      // Loopback webhook targets allowed: the isolation checks create webhooks that are never delivered.
      w.d = await deploy(mode, { WEBHOOK_ALLOW_PRIVATE: 'true' });
      w.aliceEmail = `alice-tenancy-${mode}@example.com`;
      const a = await signUp(w.d.graphqlUrl, w.aliceEmail);
      w.alice = a.c;
      w.aliceRefresh = a.refresh;
      w.bob = (await signUp(w.d.graphqlUrl, `bob-tenancy-${mode}@example.com`)).c;
      w.mode = mode;
      w.word = WORD;
      w.graphqlUrl = w.d.graphqlUrl;
      const carolEmail = `carol-tenancy-${mode}@example.com`;
      const carol = await signUpClient(w.d.graphqlUrl, carolEmail);
      w.carol = carol.c;
      w.carolId = carol.id;
      const up = await upload(w.alice, ALICE_BYTES);
      w.aliceDoc = up.data!.uploadDocument.document.id;
      const key = await w.alice.request(`mutation { createApiKey(name: "alices") { key apiKey { id } } }`);
      w.aliceKey = { id: key.data!.createApiKey.apiKey.id, key: key.data!.createApiKey.key };
      const hook = await w.alice.request(
        `mutation { createWebhook(input: { url: "http://127.0.0.1:9/alices-hook", events: [DOCUMENT_INDEXED] }) { webhook { id } } }`,
      );
      w.aliceWebhook = hook.data!.createWebhook.webhook.id;
      await setUpSharing(w, carolEmail);
      await waitFor(
        'alice can find her document',
        async () =>
          (
            (await w.alice.request(`query($q: String!) { search(query: $q, mode: LEXICAL) { document { id } } }`, { q: WORD })).data
              ?.search ?? []
          ).length > 0,
      );
    });
    afterAll(async () => {
      await w.d?.stop();
    });

    it('has an isolation check for every root field of the schema', async () => {
      const missing = (await rootFields(w.d.graphqlUrl)).filter((f) => !(f in TABLE));
      expect(missing, 'add an entry to TABLE in tests/integration/tenancy.test.ts').toEqual([]);
    });

    for (const [field, check] of Object.entries(TABLE)) {
      it(`${field}: the second user gets nothing of the first`, () => check(w));
    }

    for (const [name, check] of Object.entries(SHARING_CHECKS)) {
      it(`sharing: ${name}`, () => check(w));
    }

    it.skipIf(mode !== 'services')('row-level security: the app role sees no tenant rows without a user, only hers with one', async () => {
      const url = inject('services')!.databaseUrl;
      const asRole = (role: string) => postgres(url, { max: 1, onnotice: () => {}, connection: { role } });
      const app = asRole('docsphere_app');
      const worker = asRole('docsphere_worker');
      const owner = postgres(url, { max: 1, onnotice: () => {} });
      try {
        const aliceId = (await owner`select id from users where email = ${w.aliceEmail}`)[0]!.id as string;
        for (const table of ['documents', 'chunks', 'document_events', 'api_keys', 'refresh_tokens', 'audit_log']) {
          const [none] = await app.unsafe(`select count(*)::int as n from ${table}`);
          expect(none!.n, table).toBe(0);
          const [all] = await worker.unsafe(`select count(*)::int as n from ${table}`);
          expect(all!.n, table).toBeGreaterThan(0);
          const [hers, others] = await app.begin(async (tx) => {
            await tx`select set_config('app.user_id', ${aliceId}, true)`;
            return [
              (await tx.unsafe(`select count(*)::int as n from ${table}`))[0]!.n,
              (await tx.unsafe(`select count(*)::int as n from ${table} where owner_id is distinct from $1`, [aliceId]))[0]!.n,
            ];
          });
          expect(hers, table).toBeGreaterThan(0);
          expect(others, table).toBe(0);
        }
        // Writing another user's row is refused by the policy, and the audit log is append-only.
        await expect(
          app.begin(async (tx) => {
            await tx`select set_config('app.user_id', ${aliceId}, true)`;
            await tx`insert into api_keys (owner_id, name, prefix, key_hash) values (gen_random_uuid(), 'x', 'x', 'x')`;
          }),
        ).rejects.toThrow(/row-level security|violates/);
        await expect(app`update audit_log set action = 'LOGIN'`).rejects.toThrow(/permission denied/);
        await expect(owner`delete from audit_log`).rejects.toThrow(/append-only/);
      } finally {
        await Promise.all([app.end(), worker.end(), owner.end()]);
      }
    });

    it.skipIf(mode !== 'services')('row-level security: membership grants reading shared rows, never writing them', () =>
      checkSharingPolicies(inject('services')!.databaseUrl, w, `bob-tenancy-${mode}@example.com`),
    );

    it.skipIf(mode !== 'services')(
      'BM25 matching bypasses row-level security for its index, and scopes to the session user itself',
      async () => {
        const url = inject('services')!.databaseUrl;
        const app = postgres(url, { max: 1, onnotice: () => {}, connection: { role: 'docsphere_app' } });
        const owner = postgres(url, { max: 1, onnotice: () => {} });
        const matchesAs = (userId: string | null) =>
          app.begin(async (tx) => {
            if (userId) await tx`select set_config('app.user_id', ${userId}, true)`;
            const rows = await tx<{ id: string }[]>`
            select id from docsphere_bm25_search(array['english', 'simple']::regconfig[], ${WORD}, false, null, 100, 1.2, 0.75, 2)`;
            return rows.map((r) => r.id);
          });
        try {
          const userId = async (email: string) => (await owner`select id from users where email = ${email}`)[0]!.id as string;
          const [aliceId, bobId] = await Promise.all([userId(w.aliceEmail), userId(w.aliceEmail.replace('alice', 'bob'))]);
          const hers = await matchesAs(aliceId);
          expect(hers.length).toBeGreaterThan(0);
          const owners = await owner`select distinct owner_id from chunks where id in ${owner(hers)}`;
          expect(owners.map((r) => r.owner_id)).toEqual([aliceId]); // what is shared with her holds none of WORD
          // Why the GIN index is usable here and not in a plain `@@` query by the app role: the
          // function runs as a role that row-level security does not apply to (the bench measures
          // the difference), so it must apply the owner rule itself, which the lines below check.
          const [fn] = await owner`
          select p.prosecdef as definer, r.rolsuper or r.rolbypassrls as bypasses
          from pg_proc p join pg_roles r on r.oid = p.proowner where p.proname = 'docsphere_bm25_search'`;
          expect(fn).toEqual({ definer: true, bypasses: true });
          // No parameter names the owner: without a user it finds nothing, as Bob none of hers.
          expect(await matchesAs(null)).toEqual([]);
          // (Bob may have uploaded the same bytes himself in an earlier check: those are his own chunks.)
          const his = await matchesAs(bobId);
          expect(his.filter((id) => hers.includes(id))).toEqual([]);
          if (his.length)
            expect((await owner`select distinct owner_id from chunks where id in ${owner(his)}`).map((r) => r.owner_id)).toEqual([bobId]);
          // BM25 statistics: the app role reads only the scopes of what the caller may see (her
          // documents and her collections') and writes none (triggers do).
          const statsScopes = await app.begin(async (tx) => {
            await tx`select set_config('app.user_id', ${aliceId}, true)`;
            // Folded or still pending (the worker folds deltas periodically).
            return tx`select owner_id from bm25_term_stats union select owner_id from bm25_term_deltas`;
          });
          const visible = await owner`
            select ${aliceId}::uuid as id union
            select s.id from bm25_scopes s where s.owner_id = ${aliceId}
              or s.collection_ids && array(select collection_id from collection_members where user_id = ${aliceId})`;
          const all = await owner`select owner_id from bm25_term_stats union select owner_id from bm25_term_deltas`;
          const ids = (rows: readonly Record<string, unknown>[]) => rows.map((r) => String(r.owner_id)).sort();
          const mine = new Set(visible.map((r) => r.id));
          expect(statsScopes.length).toBeGreaterThan(0);
          expect(ids(statsScopes)).toEqual(ids(all.filter((r) => mine.has(r.owner_id))));
          await expect(
            app.begin(async (tx) => {
              await tx`select set_config('app.user_id', ${aliceId}, true)`;
              await tx`insert into bm25_term_deltas (owner_id, lexeme, df) values (${aliceId}, 'x', 1000)`;
            }),
          ).rejects.toThrow(/permission denied/);
        } finally {
          await Promise.all([app.end(), owner.end()]);
        }
      },
    );
  });
}
