import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUpClient, waitFor, type GraphQLHttpClient } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';
import { RestClient } from '../helpers/rest-client.js';
import { addDocs, createCollection, ok } from './tenancy-sharing.js';

/**
 * Tags and editable metadata (issue 17), in both modes against real servers: Alice owns three
 * documents, two of them in her collection "Team" where Dave is EDITOR and Carol VIEWER; Bob is
 * no member. Tags are normalised, bounded and filter lists and search ("all listed tags"); the
 * owner and an editor edit, a viewer gets FORBIDDEN, a stranger NOT_FOUND and nothing of Alice's
 * tags, not even through a filter.
 */
const WORD = 'zephyrquill';
const UPDATE = `mutation($id: ID!, $input: UpdateDocumentInput!) {
  updateDocument(id: $id, input: $input) { id title tags customFields } }`;
const LIST = `query($tags: [String!]) { documents(first: 50, filter: { tags: $tags }) { totalCount edges { node { id tags } } } }`;
const SEARCH = `query($q: String!, $tags: [String!]) { search(query: $q, mode: LEXICAL, first: 50, filter: { tags: $tags }) { document { id } } }`;

type Res = { errors?: Array<{ extensions?: { code?: string } }> };
const code = (res: Res) => res.errors?.[0]?.extensions?.code;
const listed = async (c: GraphQLHttpClient, tags: string[]) => {
  const docs = ok(await c.request(LIST, { tags })).documents;
  expect(docs.totalCount).toBe(docs.edges.length);
  return (docs.edges as { node: { id: string } }[]).map((e) => e.node.id).sort();
};
const found = async (c: GraphQLHttpClient, tags: string[] | null) =>
  [...new Set((ok(await c.request(SEARCH, { q: WORD, tags })).search as { document: { id: string } }[]).map((h) => h.document.id))].sort();

for (const mode of ['embedded', 'services'] as ModeName[]) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`document tags and editable metadata (${mode})`, () => {
    let d: Deployment;
    let alice: GraphQLHttpClient, bob: GraphQLHttpClient, carol: GraphQLHttpClient, dave: GraphQLHttpClient;
    let docs: string[];
    let bobDoc: string;

    const upload = async (c: GraphQLHttpClient, name: string, text: string) =>
      ok(
        await c.upload(
          `mutation($f: Upload!) { uploadDocument(file: $f) { document { id } } }`,
          { f: null },
          {
            f: { bytes: new TextEncoder().encode(text), name },
          },
        ),
      ).uploadDocument.document.id as string;
    const tagsOf = async (c: GraphQLHttpClient, id: string) =>
      (await c.request(`query($id: ID!) { document(id: $id) { tags } }`, { id })).data?.document?.tags ?? null;

    beforeAll(async () => {
      d = await deploy(mode);
      const email = (who: string) => `tags-${who}-${mode}@example.com`;
      const [a, b, c, v] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((w) => signedUpClient(d.graphqlUrl, email(w))));
      [alice, bob, carol, dave] = [a!, b!, c!, v!];
      docs = [];
      for (const n of [1, 2, 3]) docs.push(await upload(alice, `a${n}.md`, `# Alice ${n}\n\nThe ${WORD} ledger number ${n}.\n`));
      bobDoc = await upload(bob, 'bob.md', `# Bob\n\nBob's own ${WORD} notes.\n`);
      const team = await createCollection(alice, 'Tag team');
      for (const [who, role] of [
        ['carol', 'VIEWER'],
        ['dave', 'EDITOR'],
      ] as const) {
        ok(
          await alice.request(
            `mutation($c: ID!, $e: String!, $r: CollectionRole) { inviteCollectionMember(collectionId: $c, email: $e, role: $r) { id } }`,
            {
              c: team,
              e: email(who),
              r: role,
            },
          ),
        );
      }
      ok(await addDocs(alice, team, [docs[0]!, docs[1]!]));
      await waitFor('all four indexed', async () => (await found(alice, null)).length === 3 && (await found(bob, null)).length === 1);
    });
    afterAll(() => d?.stop());

    it('normalises tags, sets a title over the extracted one and merges custom fields', async () => {
      const res = ok(
        await alice.request(UPDATE, {
          id: docs[0],
          input: {
            title: '  Q3 ledger ',
            tags: ['Finance', ' Q3   Report ', 'finance', 'ＦＵＬＬ'],
            customFields: { client: 'ACME', year: '2026' },
          },
        }),
      ).updateDocument;
      expect(res).toEqual({
        id: docs[0],
        title: 'Q3 ledger',
        tags: ['finance', 'full', 'q3 report'],
        customFields: { client: 'ACME', year: '2026' },
      });
      const next = ok(
        await alice.request(UPDATE, {
          id: docs[0],
          input: { addTags: ['Archive'], removeTags: ['FULL'], customFields: { year: null, owner: 'Ops' } },
        }),
      ).updateDocument;
      expect(next).toEqual({
        id: docs[0],
        title: 'Q3 ledger',
        tags: ['archive', 'finance', 'q3 report'],
        customFields: { client: 'ACME', owner: 'Ops' },
      });
      // Clearing the override shows the extracted title again.
      expect(ok(await alice.request(UPDATE, { id: docs[0], input: { title: null } })).updateDocument.title).toBe('Alice 1');
      ok(await alice.request(UPDATE, { id: docs[1], input: { tags: ['finance'] } }));
      ok(await alice.request(UPDATE, { id: docs[2], input: { tags: ['finance', 'archive'] } }));
    });

    it('refuses invalid tags and fields with BAD_USER_INPUT and changes nothing', async () => {
      const before = await tagsOf(alice, docs[0]!);
      const bad: Record<string, unknown>[] = [
        { tags: ['x'.repeat(65)] },
        { tags: ['a,b'] },
        { addTags: ['   '] },
        { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) },
        { customFields: { nested: { no: 1 } } },
        { customFields: ['list'] },
        { customFields: { big: 'v'.repeat(2001) } },
        { customFields: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
        { title: 'x'.repeat(501) },
      ];
      for (const input of bad) {
        const res = await alice.request(UPDATE, { id: docs[0], input });
        expect(code(res), JSON.stringify(input).slice(0, 80)).toBe('BAD_USER_INPUT');
      }
      expect(code(await alice.request(LIST, { tags: ['bad,tag'] }))).toBe('BAD_USER_INPUT');
      expect(await tagsOf(alice, docs[0]!)).toEqual(before);
    });

    it('filters the list by all listed tags, case-insensitively, over what the caller may see', async () => {
      expect(await listed(alice, ['FINANCE'])).toEqual([...docs].sort());
      expect(await listed(alice, ['finance', 'Archive'])).toEqual([docs[0]!, docs[2]!].sort());
      expect(await listed(alice, ['finance', 'nothing-has-this'])).toEqual([]);
      // Carol sees the shared documents and their tags, so she may filter by them; never doc 3.
      expect(await listed(carol, ['finance'])).toEqual([docs[0]!, docs[1]!].sort());
      expect(await tagsOf(carol, docs[0]!)).toEqual(['archive', 'finance', 'q3 report']);
      // Bob learns nothing from Alice's tags: his filter matches only his own document.
      expect(await listed(bob, ['finance'])).toEqual([]);
      ok(await bob.request(UPDATE, { id: bobDoc, input: { tags: ['finance'] } }));
      expect(await listed(bob, ['finance'])).toEqual([bobDoc]);
      expect(await tagsOf(bob, docs[0]!)).toBeNull();
    });

    it('filters search by all listed tags, and a stranger’s tag filter never reaches the owner’s documents', async () => {
      expect(await found(alice, ['finance'])).toEqual([...docs].sort());
      expect(await found(alice, ['ARCHIVE', 'finance'])).toEqual([docs[0]!, docs[2]!].sort());
      expect(await found(alice, ['q3 report', 'archive'])).toEqual([docs[0]!]);
      expect(await found(alice, ['nothing-has-this'])).toEqual([]);
      expect(await found(bob, ['finance'])).toEqual([bobDoc]);
      expect(await found(bob, ['archive'])).toEqual([]);
    });

    it('lets an editor edit and records it in the audit log; a viewer gets FORBIDDEN, a stranger NOT_FOUND', async () => {
      const edited = ok(await dave.request(UPDATE, { id: docs[1], input: { addTags: ['Reviewed'] } })).updateDocument;
      expect(edited.tags).toEqual(['finance', 'reviewed']);
      const log = ok(await dave.request(`{ auditLog(first: 20) { action documentId } }`)).auditLog;
      expect(log).toContainEqual({ action: 'DOCUMENT_UPDATED', documentId: docs[1] });
      // Not shared with Dave: document 3 is as hidden from him as from Bob.
      expect(code(await dave.request(UPDATE, { id: docs[2], input: { addTags: ['x'] } }))).toBe('NOT_FOUND');
      expect(code(await carol.request(UPDATE, { id: docs[1], input: { addTags: ['carol'] } }))).toBe('FORBIDDEN');
      expect(code(await bob.request(UPDATE, { id: docs[1], input: { addTags: ['bob'] } }))).toBe('NOT_FOUND');
      expect(await tagsOf(alice, docs[1]!)).toEqual(['finance', 'reviewed']);
    });

    it('keeps a user title through a reprocess', async () => {
      ok(await alice.request(UPDATE, { id: docs[2], input: { title: 'Kept title' } }));
      ok(await alice.request(`mutation($id: ID!) { reprocessDocument(id: $id) { id } }`, { id: docs[2] }));
      const doc = await waitFor('reprocessed', async () => {
        const d = ok(await alice.request(`query($id: ID!) { document(id: $id) { status title tags } }`, { id: docs[2] })).document;
        return d.status === 'INDEXED' ? d : null;
      });
      expect(doc).toEqual({ status: 'INDEXED', title: 'Kept title', tags: ['archive', 'finance'] });
    });

    it('edits over REST (PATCH) and filters REST lists and search by tag', async () => {
      const rest = new RestClient(d.baseUrl, alice.token);
      const patch = (c: RestClient, id: string, body: unknown, type = 'application/json') =>
        c.json(`/api/documents/${encodeURIComponent(id)}`, {
          method: 'PATCH',
          headers: { 'content-type': type },
          body: JSON.stringify(body),
        });
      const res = await patch(rest, docs[1]!, { addTags: ['Rest Tag'], customFields: { via: 'rest' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: docs[1], tags: ['finance', 'rest tag', 'reviewed'], customFields: { via: 'rest' } });
      expect((await patch(rest, docs[1]!, { tags: ['a,b'] })).body.error.code).toBe('BAD_USER_INPUT');
      expect((await patch(rest, docs[1]!, { unknownField: 1 })).status).toBe(400);
      expect((await patch(rest, docs[1]!, { addTags: ['x'] }, 'text/plain')).status).toBe(400);
      expect((await patch(new RestClient(d.baseUrl, carol.token), docs[1]!, { addTags: ['x'] })).status).toBe(403);
      expect((await patch(new RestClient(d.baseUrl, bob.token), docs[1]!, { addTags: ['x'] })).status).toBe(404);
      const list = await rest.json<{ items: { id: string }[] }>('/api/documents?tag=REST%20TAG&tag=finance');
      expect(list.body.items.map((i) => i.id)).toEqual([docs[1]]);
      const hits = await rest.json<{ hits: { document: { id: string } }[] }>(`/api/search?q=${WORD}&mode=LEXICAL&tag=rest%20tag`);
      expect([...new Set(hits.body.hits.map((h) => h.document.id))]).toEqual([docs[1]]);
    });
  });
}
