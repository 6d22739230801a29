import { expect } from 'vitest';
import { GraphQLHttpClient, subscribe, waitFor, wsClient } from '../helpers/graphql-client.js';

/**
 * The sharing half of the tenancy test (tenancy.test.ts runs it in both modes). Alice owns the
 * collection "Team" holding her document and shares it with Carol as VIEWER; Bob is no member.
 * TABLE entries: what Bob (non-member) and Carol (viewer) try against every collection root
 * field, and what proves it changed nothing. CHECKS: what membership grants, per role, and that a
 * removed member loses access at once.
 */
export interface SharingWorld {
  mode: string;
  graphqlUrl: string;
  alice: GraphQLHttpClient;
  bob: GraphQLHttpClient;
  carol: GraphQLHttpClient;
  carolId: string;
  aliceDoc: string;
  team: string;
  /** A word only Alice's document contains. */
  word: string;
}

type Res = { errors?: Array<{ extensions?: { code?: string } }> };
const code = (res: Res) => res.errors?.[0]?.extensions?.code;
const PASSWORD = 'correct horse battery staple';

export async function signUpClient(url: string, email: string) {
  const c = new GraphQLHttpClient(url);
  const res = await c.request(`mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { token user { id } } }`, {
    e: email,
    p: PASSWORD,
  });
  c.token = res.data!.signUp.token;
  return { c, id: res.data!.signUp.user.id as string };
}

const ok = <T extends Res & { data?: any }>(res: T): NonNullable<T['data']> => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
};

const createCollection = async (c: GraphQLHttpClient, name: string) =>
  ok(await c.request(`mutation($n: String!) { createCollection(input: { name: $n }) { id myRole } }`, { n: name })).createCollection
    .id as string;
const invite = async (w: SharingWorld, collection: string, email: string, role: string) =>
  ok(
    await w.alice.request(
      `mutation($c: ID!, $e: String!, $r: CollectionRole) { inviteCollectionMember(collectionId: $c, email: $e, role: $r) { id } }`,
      {
        c: collection,
        e: email,
        r: role,
      },
    ),
  );
const addDocs = (c: GraphQLHttpClient, collection: string, docs: string[]) =>
  c.request(`mutation($c: ID!, $d: [ID!]!) { addDocumentsToCollection(collectionId: $c, documentIds: $d) { documentCount } }`, {
    c: collection,
    d: docs,
  });
const seesDoc = async (c: GraphQLHttpClient, id: string) =>
  ((await c.request(`query($id: ID!) { document(id: $id) { id } }`, { id })).data?.document?.id ?? null) === id;
const teamState = async (w: SharingWorld) =>
  ok(
    await w.alice.request(
      `query($id: ID!) { node(id: $id) { ... on Collection { name documentCount members { user { email } role } } } }`,
      { id: w.team },
    ),
  ).node;

/** Alice's collection "Team" with her document, Carol a VIEWER. */
export async function setUpSharing(w: SharingWorld, carolEmail: string) {
  w.team = await createCollection(w.alice, 'Team');
  await invite(w, w.team, carolEmail, 'VIEWER');
  ok(await addDocs(w.alice, w.team, [w.aliceDoc]));
}

/** Bob (no member) gets NOT_FOUND, Carol (viewer) FORBIDDEN, and the collection is as it was. */
async function refused(w: SharingWorld, query: string, vars: (who: 'bob' | 'carol') => Record<string, unknown>) {
  const before = await teamState(w);
  expect(code(await w.bob.request(query, vars('bob')))).toBe('NOT_FOUND');
  expect(code(await w.carol.request(query, vars('carol')))).toBe('FORBIDDEN');
  expect(await teamState(w)).toEqual(before);
}

export const SHARING_TABLE: Record<string, (w: SharingWorld) => Promise<void>> = {
  'Query.collections': async (w) => {
    expect(JSON.stringify((await w.bob.request(`{ collections { edges { node { id } } } }`)).data)).not.toContain(w.team);
    const carols = ok(await w.carol.request(`{ collections { totalCount edges { node { id myRole } } } }`)).collections;
    expect(carols.edges).toEqual([{ node: { id: w.team, myRole: 'VIEWER' } }]);
  },
  'Mutation.createCollection': async (w) => {
    const bobs = await createCollection(w.bob, 'Bob only');
    expect(JSON.stringify((await w.alice.request(`{ collections { edges { node { id } } } }`)).data)).not.toContain(bobs);
    expect((await w.alice.request(`query($id: ID!) { node(id: $id) { id } }`, { id: bobs })).data?.node ?? null).toBeNull();
  },
  'Mutation.updateCollection': (w) =>
    refused(w, `mutation($id: ID!) { updateCollection(id: $id, input: { name: "Hijacked" }) { name } }`, () => ({ id: w.team })),
  'Mutation.deleteCollection': (w) => refused(w, `mutation($id: ID!) { deleteCollection(id: $id) { deletedId } }`, () => ({ id: w.team })),
  'Mutation.addDocumentsToCollection': async (w) => {
    const own = async (c: GraphQLHttpClient, name: string) =>
      (
        await c.upload(
          `mutation($f: Upload!) { uploadDocument(file: $f) { document { id } } }`,
          { f: null },
          {
            f: { bytes: new TextEncoder().encode(`${name} text ${Math.random()}`), name: `${name}.md` },
          },
        )
      ).data!.uploadDocument.document.id as string;
    const bobDoc = await own(w.bob, 'bob');
    const carolDoc = await own(w.carol, 'carol');
    await refused(w, `mutation($c: ID!, $d: [ID!]!) { addDocumentsToCollection(collectionId: $c, documentIds: $d) { id } }`, (who) => ({
      c: w.team,
      d: [who === 'bob' ? bobDoc : carolDoc],
    }));
    // Nor can Bob pull Alice's document into a collection of his own.
    const bobs = await createCollection(w.bob, 'Bob grabs');
    expect(code(await addDocs(w.bob, bobs, [w.aliceDoc]))).toBe('NOT_FOUND');
  },
  'Mutation.removeDocumentsFromCollection': (w) =>
    refused(w, `mutation($c: ID!, $d: [ID!]!) { removeDocumentsFromCollection(collectionId: $c, documentIds: $d) { id } }`, () => ({
      c: w.team,
      d: [w.aliceDoc],
    })),
  'Mutation.moveDocuments': async (w) => {
    const carols = await createCollection(w.carol, 'Carol target');
    const bobs = await createCollection(w.bob, 'Bob target');
    await refused(
      w,
      `mutation($f: ID!, $t: ID!, $d: [ID!]!) { moveDocuments(fromCollectionId: $f, toCollectionId: $t, documentIds: $d) { id } }`,
      (who) => ({ f: w.team, t: who === 'bob' ? bobs : carols, d: [w.aliceDoc] }),
    );
  },
  'Mutation.inviteCollectionMember': (w) =>
    refused(w, `mutation($c: ID!, $e: String!) { inviteCollectionMember(collectionId: $c, email: $e, role: EDITOR) { id } }`, () => ({
      c: w.team,
      e: 'nobody@example.com',
    })),
  'Mutation.changeCollectionMemberRole': (w) =>
    refused(w, `mutation($c: ID!, $u: ID!) { changeCollectionMemberRole(collectionId: $c, userId: $u, role: EDITOR) { id } }`, () => ({
      c: w.team,
      u: w.carolId,
    })),
  'Mutation.removeCollectionMember': (w) =>
    refused(w, `mutation($c: ID!, $u: ID!) { removeCollectionMember(collectionId: $c, userId: $u) { id } }`, () => ({
      c: w.team,
      u: w.carolId,
    })),
  'Mutation.transferCollectionOwnership': (w) =>
    refused(w, `mutation($c: ID!, $u: ID!) { transferCollectionOwnership(collectionId: $c, userId: $u) { id } }`, () => ({
      c: w.team,
      u: w.carolId,
    })),
  'Mutation.leaveCollection': async (w) => {
    expect(code(await w.bob.request(`mutation($c: ID!) { leaveCollection(collectionId: $c) { collectionId } }`, { c: w.team }))).toBe(
      'NOT_FOUND',
    );
    // The owner cannot leave (the collection would have none).
    expect(code(await w.alice.request(`mutation($c: ID!) { leaveCollection(collectionId: $c) { collectionId } }`, { c: w.team }))).toBe(
      'BAD_USER_INPUT',
    );
  },
};

const EVENTS = `subscription { documentEvents { documentId type } }`;
const reprocess = (c: GraphQLHttpClient, id: string) => c.request(`mutation($id: ID!) { reprocessDocument(id: $id) { id } }`, { id });

export const SHARING_CHECKS: Record<string, (w: SharingWorld) => Promise<void>> = {
  'a viewer reads shared documents and changes nothing; a non-member sees none of them': async (w) => {
    expect(await seesDoc(w.carol, w.aliceDoc)).toBe(true);
    const listed = `query($c: [ID!]) { documents(filter: { collectionIds: $c }) { totalCount edges { node { id chunkCount collections { id } } } } }`;
    const carols = ok(await w.carol.request(listed, { c: [w.team] })).documents;
    expect(carols.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([w.aliceDoc]);
    expect(carols.edges[0].node.chunkCount).toBeGreaterThan(0);
    expect(carols.edges[0].node.collections).toEqual([{ id: w.team }]);
    expect(ok(await w.bob.request(listed, { c: [w.team] })).documents.edges).toEqual([]);
    expect((await w.bob.request(`query($id: ID!) { node(id: $id) { id } }`, { id: w.team })).data?.node ?? null).toBeNull();
    for (const op of ['deleteDocument(id: $id) { deletedId }', 'reprocessDocument(id: $id) { id }', 'cancelProcessing(id: $id) { id }']) {
      expect(code(await w.carol.request(`mutation($id: ID!) { ${op} }`, { id: w.aliceDoc })), op).toBe('FORBIDDEN');
    }
    const into = (c: GraphQLHttpClient) =>
      c.upload(
        `mutation($f: Upload!, $o: UploadOptions) { uploadDocument(file: $f, options: $o) { document { id } } }`,
        {
          f: null,
          o: { collectionId: w.team },
        },
        { f: { bytes: new TextEncoder().encode(`not for the team ${Math.random()}`), name: 'x.md' } },
      );
    expect(code(await into(w.carol))).toBe('FORBIDDEN');
    expect(code(await into(w.bob))).toBe('NOT_FOUND');
    expect(await seesDoc(w.alice, w.aliceDoc)).toBe(true);
  },
  'search by collection: the owner finds her shared document; members are refused, not shown partial rankings': async (w) => {
    const find = (c: GraphQLHttpClient, ids: string[]) =>
      c.request(`query($q: String!, $c: [ID!]) { search(query: $q, mode: LEXICAL, filter: { collectionIds: $c }) { document { id } } }`, {
        q: w.word,
        c: ids,
      });
    const hers = ok(await find(w.alice, [w.team])).search;
    expect(hers.map((h: { document: { id: string } }) => h.document.id)).toContain(w.aliceDoc);
    const empty = await createCollection(w.alice, 'Empty');
    expect(ok(await find(w.alice, [empty])).search).toEqual([]);
    expect(code(await find(w.carol, [w.team]))).toBe('FORBIDDEN');
    expect(code(await find(w.bob, [w.team]))).toBe('NOT_FOUND');
    expect(code(await find(w.bob, ['not-an-id']))).toBe('BAD_USER_INPUT');
    // The REST door: the same rules through `collection` and `collectionId`.
    const base = w.graphqlUrl.replace(/\/graphql$/, '');
    const rest = async (c: GraphQLHttpClient, path: string, init: RequestInit = {}) => {
      const res = await fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${c.token}`, 'x-graphql-csrf': '1' } });
      return { status: res.status, body: (await res.json()) as any };
    };
    const search = (c: GraphQLHttpClient) =>
      rest(c, `/api/search?${new URLSearchParams({ q: w.word, mode: 'LEXICAL', collection: w.team })}`);
    const aliceRest = await search(w.alice);
    expect(aliceRest.status).toBe(200);
    expect(aliceRest.body.hits.map((h: { document: { id: string } }) => h.document.id)).toContain(w.aliceDoc);
    expect((await search(w.carol)).status).toBe(403);
    expect((await search(w.bob)).status).toBe(404);
    const form = new FormData();
    form.append('collectionId', w.team);
    form.append('file', new Blob([`carol via rest ${Math.random()}`]), 'c.md');
    const carolUpload = await rest(w.carol, '/api/documents/upload', { method: 'POST', body: form });
    expect(carolUpload.body.results[0].error.code).toBe('FORBIDDEN');
  },
  'an editor works in the collection; a removed member loses access at once, live events included': async (w) => {
    const email = `dave-sharing-${w.mode}@example.com`;
    const dave = await signUpClient(w.graphqlUrl, email);
    await invite(w, w.team, email, 'EDITOR');
    expect(await seesDoc(dave.c, w.aliceDoc)).toBe(true);
    const ws = wsClient(w.graphqlUrl, dave.c.token);
    try {
      const live = subscribe<{ documentEvents: { documentId: string; type: string } }>(ws, EVENTS);
      await new Promise((r) => setTimeout(r, 500));
      ok(await reprocess(dave.c, w.aliceDoc));
      await waitFor(
        'the editor hears the shared document',
        () => live.events.some((e) => e.documentEvents.documentId === w.aliceDoc),
        20_000,
      );
      await waitFor(
        'the document is indexed again',
        async () =>
          (await w.alice.request(`query($id: ID!) { document(id: $id) { status } }`, { id: w.aliceDoc })).data?.document?.status ===
          'INDEXED',
      );
      // An editor uploads into the collection: the document is Dave's, and the team sees it.
      const up = await dave.c.upload(
        `mutation($f: Upload!, $o: UploadOptions) { uploadDocument(file: $f, options: $o) { document { id } } }`,
        { f: null, o: { collectionId: w.team } },
        { f: { bytes: new TextEncoder().encode(`# Dave's notes ${w.mode}\n\nFor the team.\n`), name: 'dave.md' } },
      );
      const daveDoc = ok(up).uploadDocument.document.id as string;
      expect(await seesDoc(w.carol, daveDoc)).toBe(true);

      ok(
        await w.alice.request(`mutation($c: ID!, $u: ID!) { removeCollectionMember(collectionId: $c, userId: $u) { id } }`, {
          c: w.team,
          u: dave.id,
        }),
      );
      const heard = live.events.length;
      expect(await seesDoc(dave.c, w.aliceDoc)).toBe(false);
      expect(code(await reprocess(dave.c, w.aliceDoc))).toBe('NOT_FOUND');
      expect(ok(await dave.c.request(`{ collections { edges { node { id } } } }`)).collections.edges).toEqual([]);
      // His own upload stays his, and stays in the team.
      expect(await seesDoc(dave.c, daveDoc)).toBe(true);
      expect(await seesDoc(w.carol, daveDoc)).toBe(true);
      ok(await reprocess(w.alice, w.aliceDoc));
      await waitFor(
        'alice hears her reprocess',
        async () =>
          (await w.alice.request(`query($id: ID!) { document(id: $id) { status } }`, { id: w.aliceDoc })).data?.document?.status ===
          'INDEXED',
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(live.events.slice(heard).filter((e) => e.documentEvents.documentId === w.aliceDoc)).toEqual([]);
      live.dispose();
      // Back to Alice's documents only, as the row-level security check after this expects.
      ok(
        await w.alice.request(`mutation($c: ID!, $d: [ID!]!) { removeDocumentsFromCollection(collectionId: $c, documentIds: $d) { id } }`, {
          c: w.team,
          d: [daveDoc],
        }),
      );
      expect(await seesDoc(w.alice, daveDoc)).toBe(false);
    } finally {
      await ws.dispose();
    }
  },
  'ownership passes to a member; deleting a collection leaves its documents with their owners': async (w) => {
    const email = `erin-sharing-${w.mode}@example.com`;
    const erin = await signUpClient(w.graphqlUrl, email);
    const temp = await createCollection(w.alice, 'Temp');
    ok(await addDocs(w.alice, temp, [w.aliceDoc]));
    await invite(w, temp, email, 'VIEWER');
    ok(
      await w.alice.request(`mutation($c: ID!, $u: ID!) { transferCollectionOwnership(collectionId: $c, userId: $u) { myRole } }`, {
        c: temp,
        u: erin.id,
      }),
    );
    const roles = ok(await w.alice.request(`query($id: ID!) { node(id: $id) { ... on Collection { myRole } } }`, { id: temp })).node;
    expect(roles.myRole).toBe('EDITOR');
    expect(code(await w.alice.request(`mutation($id: ID!) { deleteCollection(id: $id) { deletedId } }`, { id: temp }))).toBe('FORBIDDEN');
    // Erin, now owner, sees Alice's document but cannot share it further: only its owner adds it.
    expect(await seesDoc(erin.c, w.aliceDoc)).toBe(true);
    const erins = await createCollection(erin.c, 'Erin private');
    expect(code(await addDocs(erin.c, erins, [w.aliceDoc]))).toBe('FORBIDDEN');
    ok(await erin.c.request(`mutation($id: ID!) { deleteCollection(id: $id) { deletedId } }`, { id: temp }));
    expect(await seesDoc(w.alice, w.aliceDoc)).toBe(true);
    expect(await seesDoc(erin.c, w.aliceDoc)).toBe(false);
    const log = JSON.stringify(ok(await w.alice.request(`{ auditLog(first: 100) { action } }`)).auditLog);
    for (const action of [
      'COLLECTION_CREATED',
      'COLLECTION_MEMBER_ADDED',
      'COLLECTION_DOCUMENTS_ADDED',
      'COLLECTION_OWNERSHIP_TRANSFERRED',
    ]) {
      expect(log).toContain(action);
    }
  },
};

/**
 * Services mode: PostgreSQL itself grants membership. As the app role, Carol (viewer) reads
 * Alice's shared document and its chunks but cannot change it, and Bob reads none of it.
 */
export async function checkSharingPolicies(databaseUrl: string, w: SharingWorld, bobEmail: string) {
  const { default: postgres } = await import('postgres');
  const app = postgres(databaseUrl, { max: 1, onnotice: () => {}, connection: { role: 'docsphere_app' } });
  const owner = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const docId = (await owner`select id from documents where id = ${decodeId(w.aliceDoc)}`)[0]!.id as string;
    const bobId = (await owner`select id from users where email = ${bobEmail}`)[0]!.id as string;
    const as = <T>(userId: string, fn: (tx: any) => Promise<T>) =>
      app.begin(async (tx) => {
        await tx`select set_config('app.user_id', ${userId}, true)`;
        return fn(tx);
      }) as Promise<T>;
    const counts = (userId: string) =>
      as(userId, async (tx) => ({
        doc: (await tx`select count(*)::int as n from documents where id = ${docId}`)[0].n,
        chunks: (await tx`select count(*)::int as n from chunks where document_id = ${docId}`)[0].n,
        updated: (await tx`update documents set filename = 'hijacked' where id = ${docId} returning id`).length,
        deleted: (await tx`delete from collection_documents where document_id = ${docId} returning document_id`).length,
      }));
    const carol = await counts(w.carolId);
    expect(carol.doc).toBe(1);
    expect(carol.chunks).toBeGreaterThan(0);
    expect(carol.updated).toBe(0);
    expect(carol.deleted).toBe(0);
    expect(await counts(bobId)).toEqual({ doc: 0, chunks: 0, updated: 0, deleted: 0 });
    // Bob cannot make himself a member, nor share a document he does not own.
    await expect(
      as(bobId, (tx) => tx`insert into collection_members (collection_id, user_id, role) values (${decodeId(w.team)}, ${bobId}, 'OWNER')`),
    ).rejects.toThrow(/row-level security/);
    expect((await owner`select filename from documents where id = ${docId}`)[0]!.filename).not.toBe('hijacked');
  } finally {
    await Promise.all([app.end(), owner.end()]);
  }
}

function decodeId(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;
}
