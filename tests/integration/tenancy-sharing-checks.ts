import { expect } from 'vitest';
import { GraphQLHttpClient, subscribe, waitFor, wsClient } from '../helpers/graphql-client.js';
import { addDocs, code, createCollection, invite, ok, seesDoc, signUpClient, type SharingWorld } from './tenancy-sharing.js';

/**
 * What membership grants, per role, through every door (GraphQL, REST, live events), and in
 * services mode what PostgreSQL itself grants (tenancy.test.ts runs these in both modes).
 */
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
  'search by collection: members find the shared document, a non-member gets NOT_FOUND': async (w) => {
    const find = (c: GraphQLHttpClient, ids: string[]) =>
      c.request(`query($q: String!, $c: [ID!]) { search(query: $q, mode: LEXICAL, filter: { collectionIds: $c }) { document { id } } }`, {
        q: w.word,
        c: ids,
      });
    const hers = ok(await find(w.alice, [w.team])).search;
    expect(hers.map((h: { document: { id: string } }) => h.document.id)).toContain(w.aliceDoc);
    const empty = await createCollection(w.alice, 'Empty');
    expect(ok(await find(w.alice, [empty])).search).toEqual([]);
    const carols = ok(await find(w.carol, [w.team])).search;
    expect(carols.map((h: { document: { id: string } }) => h.document.id)).toContain(w.aliceDoc);
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
    const carolRest = await search(w.carol);
    expect(carolRest.status).toBe(200);
    expect(carolRest.body.hits.map((h: { document: { id: string } }) => h.document.id)).toContain(w.aliceDoc);
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
      // An editor deletes a colleague's document in the collection (Alice uploads it into the team).
      const scratch = await w.alice.upload(
        `mutation($f: Upload!, $o: UploadOptions) { uploadDocument(file: $f, options: $o) { document { id } } }`,
        { f: null, o: { collectionId: w.team } },
        { f: { bytes: new TextEncoder().encode(`scratch ${w.mode} ${Math.random()}`), name: 'scratch.md' } },
      );
      const scratchDoc = ok(scratch).uploadDocument.document.id as string;
      ok(await dave.c.request(`mutation($id: ID!) { deleteDocument(id: $id) { deletedId } }`, { id: scratchDoc }));
      expect(await seesDoc(w.alice, scratchDoc)).toBe(false);

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
