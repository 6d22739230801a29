import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLHttpClient, subscribe, waitFor, wsClient } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';
import { RestClient } from '../helpers/rest-client.js';
import { addDocs, code, createCollection, ok, seesDoc, signUpClient } from './tenancy-sharing.js';

/**
 * API keys scoped to collections and read-only (issue 17), in both modes. Alice owns "Team" (her
 * document A) and "Other" (her document B); Carol shares "Carol's" (document C) with Alice. A
 * read-only key of Alice's limited to Team is what a RAG app gets: it reads and searches A over
 * GraphQL, REST and WebSocket, gets NOT_FOUND (or nothing) for B, C and Other, and FORBIDDEN for
 * every write. A key limited to Carol's collection loses it the moment Alice is removed.
 */
const uniq = Math.random().toString(36).slice(2, 8);
const WORD_A = `keyscopealpha${uniq}`;
const WORD_B = `keyscopebravo${uniq}`;
const WORD_C = `keyscopecharlie${uniq}`;
const bytes = (word: string) => new TextEncoder().encode(`# Notes\n\nThe word ${word} appears only here.\n`);

interface World {
  d: Deployment;
  alice: GraphQLHttpClient;
  carol: GraphQLHttpClient;
  aliceId: string;
  team: string;
  other: string;
  carols: string;
  docA: string;
  docB: string;
  docC: string;
  /** Alice's read-only key for Team, as a GraphQL client. */
  rag: GraphQLHttpClient;
  ragKey: string;
}

const uploadDoc = async (c: GraphQLHttpClient, word: string) =>
  ok(
    await c.upload(
      `mutation($f: Upload!) { uploadDocument(file: $f) { document { id } } }`,
      { f: null },
      {
        f: { bytes: bytes(word), name: `${word}.md` },
      },
    ),
  ).uploadDocument.document.id as string;

const createKey = (c: GraphQLHttpClient, collectionIds: string[] | null, readOnly: boolean) =>
  c.request(
    `mutation($c: [ID!], $r: Boolean) { createApiKey(name: "rag app", collectionIds: $c, readOnly: $r) { key apiKey { collectionIds readOnly } } }`,
    { c: collectionIds, r: readOnly },
  );

const searchIds = async (c: GraphQLHttpClient, word: string, filter?: Record<string, unknown>) =>
  (
    ok(
      await c.request(`query($q: String!, $f: SearchFilter) { search(query: $q, mode: LEXICAL, filter: $f) { document { id } } }`, {
        q: word,
        f: filter ?? null,
      }),
    ).search as Array<{ document: { id: string } }>
  ).map((h) => h.document.id);

const keyClient = (url: string, key: string) => {
  const c = new GraphQLHttpClient(url);
  c.token = key;
  return c;
};

for (const mode of ['embedded', 'services'] as ModeName[]) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`scoped API keys (${mode})`, () => {
    const w = {} as World;

    beforeAll(async () => {
      w.d = await deploy(mode);
      const a = await signUpClient(w.d.graphqlUrl, `alice-keys-${mode}-${uniq}@example.com`);
      w.alice = a.c;
      w.aliceId = a.id;
      const carolSignUp = await signUpClient(w.d.graphqlUrl, `carol-keys-${mode}-${uniq}@example.com`);
      w.carol = carolSignUp.c;
      w.docA = await uploadDoc(w.alice, WORD_A);
      w.docB = await uploadDoc(w.alice, WORD_B);
      w.docC = await uploadDoc(w.carol, WORD_C);
      w.team = await createCollection(w.alice, 'Team');
      w.other = await createCollection(w.alice, 'Other');
      w.carols = await createCollection(w.carol, "Carol's");
      ok(await addDocs(w.alice, w.team, [w.docA]));
      ok(await addDocs(w.alice, w.other, [w.docB]));
      ok(await addDocs(w.carol, w.carols, [w.docC]));
      ok(
        await w.carol.request(
          `mutation($c: ID!, $e: String!) { inviteCollectionMember(collectionId: $c, email: $e, role: VIEWER) { id } }`,
          {
            c: w.carols,
            e: `alice-keys-${mode}-${uniq}@example.com`,
          },
        ),
      );
      const created = ok(await createKey(w.alice, [w.team], true)).createApiKey;
      expect(created.apiKey).toEqual({ collectionIds: [w.team], readOnly: true });
      w.ragKey = created.key;
      w.rag = keyClient(w.d.graphqlUrl, w.ragKey);
      // Everything indexed, as Alice sees it (she sees all three).
      for (const word of [WORD_A, WORD_B]) {
        await waitFor(`alice finds ${word}`, async () => (await searchIds(w.alice, word)).length > 0);
      }
    });
    afterAll(async () => {
      await w.d?.stop();
    });

    it('a key can only be scoped to collections its user is a member of', async () => {
      const carolsOwn = await createCollection(w.carol, 'Carol private');
      expect(code(await createKey(w.alice, [carolsOwn], true))).toBe('NOT_FOUND');
      expect(code(await createKey(w.alice, [], true))).toBe('BAD_USER_INPUT');
    });

    it('reads its collection and nothing else: documents, node, collections', async () => {
      const docs = ok(await w.rag.request(`{ documents(first: 50) { totalCount edges { node { id } } } }`)).documents;
      expect(docs.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([w.docA]);
      expect(docs.totalCount).toBe(1);
      expect(await seesDoc(w.rag, w.docA)).toBe(true);
      // Alice's own document outside Team and Carol's shared one are absent for the key, not for her.
      for (const id of [w.docB, w.docC]) {
        expect(await seesDoc(w.rag, id)).toBe(false);
        expect(await seesDoc(w.alice, id)).toBe(true);
        expect(ok(await w.rag.request(`query($id: ID!) { node(id: $id) { id } }`, { id })).node).toBeNull();
      }
      const cols = ok(await w.rag.request(`{ collections { totalCount edges { node { id } } } }`)).collections;
      expect(cols).toEqual({ totalCount: 1, edges: [{ node: { id: w.team } }] });
      for (const id of [w.other, w.carols]) {
        expect(ok(await w.rag.request(`query($id: ID!) { node(id: $id) { id } }`, { id })).node).toBeNull();
      }
      const filtered = ok(
        await w.rag.request(`query($c: [ID!]) { documents(first: 50, filter: { collectionIds: $c }) { edges { node { id } } } }`, {
          c: [w.other, w.carols],
        }),
      ).documents.edges;
      expect(filtered).toEqual([]);
    });

    it('searches only its collection', async () => {
      expect(await searchIds(w.rag, WORD_A)).toEqual([w.docA]);
      expect(await searchIds(w.rag, WORD_B)).toEqual([]);
      // Naming a collection outside the key is NOT_FOUND, as for a non-member.
      const aimed = await w.rag.request(
        `query($q: String!, $c: [ID!]) { search(query: $q, mode: LEXICAL, filter: { collectionIds: $c }) { document { id } } }`,
        {
          q: WORD_B,
          c: [w.other],
        },
      );
      expect(code(aimed)).toBe('NOT_FOUND');
      expect(await searchIds(w.rag, WORD_A, { collectionIds: [w.team] })).toEqual([w.docA]);
      expect(await searchIds(w.alice, WORD_B)).toEqual([w.docB]);
    });

    it('is FORBIDDEN every write, with a message that says why, and nothing changes', async () => {
      const writes: Array<[string, Record<string, unknown>]> = [
        [`mutation($id: ID!) { deleteDocument(id: $id) { deletedId } }`, { id: w.docA }],
        [`mutation($id: ID!) { reprocessDocument(id: $id) { id } }`, { id: w.docA }],
        [`mutation { createCollection(input: { name: "x" }) { id } }`, {}],
        [`mutation($id: ID!) { updateCollection(id: $id, input: { name: "Hijacked" }) { name } }`, { id: w.team }],
        [`mutation($id: ID!) { deleteCollection(id: $id) { deletedId } }`, { id: w.team }],
        [`mutation($c: ID!) { inviteCollectionMember(collectionId: $c, email: "x@example.com") { id } }`, { c: w.team }],
        [`mutation { createApiKey(name: "wider") { key } }`, {}],
        [`mutation { createWebhook(input: { url: "https://example.com/h", events: [DOCUMENT_INDEXED] }) { webhook { id } } }`, {}],
      ];
      for (const [query, vars] of writes) {
        const res = await w.rag.request(query, vars);
        expect(code(res), query).toBe('FORBIDDEN');
        expect(res.errors![0]!.message).toMatch(/read-only/);
      }
      const up = await w.rag.upload(
        `mutation($f: Upload!) { uploadDocument(file: $f) { document { id } } }`,
        { f: null },
        {
          f: { bytes: bytes('sneaky'), name: 'sneaky.md' },
        },
      );
      expect(code(up)).toBe('FORBIDDEN');
      expect(await seesDoc(w.alice, w.docA)).toBe(true);
      const state = ok(await w.alice.request(`{ collections { totalCount edges { node { name } } } apiKeys { id } }`));
      expect(state.collections.edges.map((e: { node: { name: string } }) => e.node.name).sort()).toEqual(["Carol's", 'Other', 'Team']);
    });

    it('a writable scoped key gets NOT_FOUND outside its collections and cannot pull documents in', async () => {
      const key = ok(await createKey(w.alice, [w.team], false)).createApiKey.key as string;
      const c = keyClient(w.d.graphqlUrl, key);
      expect(
        code(await c.request(`mutation($id: ID!) { updateCollection(id: $id, input: { name: "No" }) { name } }`, { id: w.other })),
      ).toBe('NOT_FOUND');
      expect(code(await c.request(`mutation($id: ID!) { deleteDocument(id: $id) { deletedId } }`, { id: w.docB }))).toBe('NOT_FOUND');
      expect(code(await addDocs(c, w.team, [w.docB]))).toBe('NOT_FOUND');
      // Nor can it mint a key wider than itself: the new key inherits its collections.
      const minted = ok(await c.request(`mutation { createApiKey(name: "child") { apiKey { collectionIds readOnly } } }`)).createApiKey;
      expect(minted.apiKey.collectionIds).toEqual([w.team]);
      // An upload must go into one of its collections (else the key could not see it afterwards).
      const loose = await c.upload(
        `mutation($f: Upload!) { uploadDocument(file: $f) { document { id } } }`,
        { f: null },
        {
          f: { bytes: bytes(`loose${uniq}`), name: 'loose.md' },
        },
      );
      expect(code(loose)).toBe('BAD_USER_INPUT');
      expect(await seesDoc(w.alice, w.docB)).toBe(true);
    });

    it('REST takes the same key, as Bearer or X-API-Key, with the same scope', async () => {
      for (const rest of [
        new RestClient(w.d.baseUrl, w.ragKey),
        Object.assign(new RestClient(w.d.baseUrl), { headers: () => ({ 'x-api-key': w.ragKey }) }),
      ]) {
        const list = await rest.json('/api/documents');
        expect(list.status).toBe(200);
        expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([w.docA]);
        const file = await rest.fetch(`/api/documents/${encodeURIComponent(w.docA)}/file`);
        expect(file.status).toBe(200);
        expect(await file.text()).toContain(WORD_A);
        for (const id of [w.docB, w.docC]) {
          expect((await rest.fetch(`/api/documents/${encodeURIComponent(id)}/file`)).status).toBe(404);
          expect((await rest.fetch(`/api/documents/${encodeURIComponent(id)}`)).status).toBe(404);
        }
        const up = await rest.post('/api/documents/upload', [{ bytes: bytes('rest sneaky'), name: 'x.md' }]);
        expect(up.status).toBe(403);
        expect(up.body.error.code).toBe('FORBIDDEN');
        const del = await rest.json(`/api/documents/${encodeURIComponent(w.docA)}`, { method: 'DELETE' });
        expect(del.status).toBe(403);
      }
      expect(await seesDoc(w.alice, w.docA)).toBe(true);
    });

    it('WebSocket: events and replay of its collection only; mutations FORBIDDEN', async () => {
      const ws = wsClient(w.d.graphqlUrl, w.ragKey);
      try {
        type Ev = { documentEvents: { documentId: string } };
        const query = `subscription($id: ID, $after: String) { documentEvents(documentId: $id, after: $after) { documentId } }`;
        const live = subscribe<Ev>(ws, query, {});
        const replay = subscribe<Ev>(ws, query, { after: '0' });
        const aimed = subscribe<Ev>(ws, query, { id: w.docB });
        const mutation = subscribe(ws, `mutation($id: ID!) { deleteDocument(id: $id) { deletedId } }`, { id: w.docA });
        await new Promise((r) => setTimeout(r, 500));
        for (const id of [w.docB, w.docA]) ok(await w.alice.request(`mutation($id: ID!) { reprocessDocument(id: $id) { id } }`, { id }));
        await waitFor('the key hears its document', () => live.events.some((e) => e.documentEvents.documentId === w.docA));
        await waitFor('replay reaches the key document', () => replay.events.some((e) => e.documentEvents.documentId === w.docA));
        await waitFor('mutation refused', () => mutation.errors.length > 0);
        expect(JSON.stringify(mutation.errors)).toMatch(/FORBIDDEN|read-only/);
        // docB's reprocess was sent first: by the time docA's events arrived, docB's had been dropped.
        await new Promise((r) => setTimeout(r, 500));
        for (const s of [live, replay]) expect(s.events.filter((e) => e.documentEvents.documentId !== w.docA)).toEqual([]);
        expect(aimed.events).toEqual([]);
        for (const s of [live, replay, aimed, mutation]) s.dispose();
      } finally {
        await ws.dispose();
      }
      expect(await seesDoc(w.alice, w.docA)).toBe(true);
    });

    it('a key scoped to a shared collection loses it as soon as its user is removed', async () => {
      const key = ok(await createKey(w.alice, [w.carols], true)).createApiKey.key as string;
      const c = keyClient(w.d.graphqlUrl, key);
      expect(await seesDoc(c, w.docC)).toBe(true);
      expect(await seesDoc(c, w.docA)).toBe(false);
      expect(await searchIds(c, WORD_A)).toEqual([]);
      ok(
        await w.carol.request(`mutation($c: ID!, $u: ID!) { removeCollectionMember(collectionId: $c, userId: $u) { id } }`, {
          c: w.carols,
          u: w.aliceId,
        }),
      );
      expect(await seesDoc(c, w.docC)).toBe(false);
      expect(ok(await c.request(`{ collections { totalCount } documents(first: 10) { totalCount } }`))).toEqual({
        collections: { totalCount: 0 },
        documents: { totalCount: 0 },
      });
    });
  });
}
