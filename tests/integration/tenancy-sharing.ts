import { expect } from 'vitest';
import { GraphQLHttpClient } from '../helpers/graphql-client.js';

/**
 * The sharing half of the tenancy test (tenancy.test.ts runs it in both modes). Alice owns the
 * collection "Team" holding her document and shares it with Carol as VIEWER; Bob is no member.
 * TABLE entries: what Bob (non-member) and Carol (viewer) try against every collection root
 * field, and what proves it changed nothing. What membership grants, per role, is checked in
 * tenancy-sharing-checks.ts.
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
export const code = (res: Res) => res.errors?.[0]?.extensions?.code;
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

export const ok = <T extends Res & { data?: any }>(res: T): NonNullable<T['data']> => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
};

export const createCollection = async (c: GraphQLHttpClient, name: string) =>
  ok(await c.request(`mutation($n: String!) { createCollection(input: { name: $n }) { id myRole } }`, { n: name })).createCollection
    .id as string;
export const invite = async (w: SharingWorld, collection: string, email: string, role: string) =>
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
export const addDocs = (c: GraphQLHttpClient, collection: string, docs: string[]) =>
  c.request(`mutation($c: ID!, $d: [ID!]!) { addDocumentsToCollection(collectionId: $c, documentIds: $d) { documentCount } }`, {
    c: collection,
    d: docs,
  });
export const seesDoc = async (c: GraphQLHttpClient, id: string) =>
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
  'Mutation.updateDocument': async (w) => {
    const query = `mutation($id: ID!) { updateDocument(id: $id, input: { title: "Hijacked", addTags: ["hijacked"] }) { id } }`;
    const state = async () =>
      ok(await w.alice.request(`query($id: ID!) { document(id: $id) { title tags customFields } }`, { id: w.aliceDoc })).document;
    const before = await state();
    expect(code(await w.bob.request(query, { id: w.aliceDoc }))).toBe('NOT_FOUND');
    expect(code(await w.carol.request(query, { id: w.aliceDoc }))).toBe('FORBIDDEN');
    expect(await state()).toEqual(before);
    // Bob cannot probe Alice's tags through a filter either.
    const probe = await w.bob.request(`{ documents(first: 10, filter: { tags: ["hijacked"] }) { totalCount } }`);
    expect(ok(probe).documents.totalCount).toBe(0);
  },
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
