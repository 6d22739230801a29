import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_DOCUMENT } from '../../client/src/operations.js';
import { signedUpClient, type GraphQLHttpClient } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';
import { RestClient, signUpRest } from '../helpers/rest-client.js';

const LIST = /* GraphQL */ `
  query List($first: Int, $after: String, $filter: DocumentFilter, $sort: DocumentSort) {
    documents(first: $first, after: $after, filter: $filter, sort: $sort) {
      totalCount
      edges {
        node {
          id
          filename
          sizeBytes
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

interface Page {
  documents: {
    totalCount: number;
    edges: { node: { id: string; filename: string; sizeBytes: number } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Names and sizes chosen so name order, size order and upload order all differ. */
const FILES = [
  { name: 'beta.md', body: '# Beta\n\n' + 'b'.repeat(300) },
  { name: 'Alpha.md', body: '# Alpha\n\n' + 'a'.repeat(50) },
  { name: 'delta.txt', body: 'delta '.repeat(200) },
  { name: 'charlie.md', body: '# Charlie\n\n' + 'c'.repeat(900) },
  { name: 'echo.txt', body: 'echo' },
];

/** Walks every page of one sort two at a time, so keyset cursors of that sort are exercised. */
async function walk(client: GraphQLHttpClient, sort: string, filter: Record<string, unknown> = {}) {
  const names: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 10; i++) {
    const res: Awaited<ReturnType<typeof client.request<Page>>> = await client.request<Page>(LIST, { first: 2, after, sort, filter });
    expect(res.errors).toBeUndefined();
    names.push(...res.data!.documents.edges.map((e) => e.node.filename));
    if (!res.data!.documents.pageInfo.hasNextPage) return names;
    after = res.data!.documents.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

for (const mode of ['embedded', 'services'] as ModeName[]) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`documents list: totalCount, sort, download scope (${mode})`, () => {
    let d: Deployment;
    let alice: GraphQLHttpClient;
    let bob: GraphQLHttpClient;

    beforeAll(async () => {
      d = await deploy(mode);
      alice = await signedUpClient(d.graphqlUrl, `list-alice-${mode}@example.com`);
      bob = await signedUpClient(d.graphqlUrl, `list-bob-${mode}@example.com`);
      for (const f of FILES) {
        const res = await alice.upload(
          UPLOAD_DOCUMENT,
          { file: null },
          { file: { bytes: new TextEncoder().encode(f.body), name: f.name } },
        );
        expect(res.errors).toBeUndefined();
      }
    });
    afterAll(() => d?.stop());

    it('counts the documents the filter matches across pages, and only the caller’s', async () => {
      const all = await alice.request<Page>(LIST, { first: 2 });
      expect(all.data!.documents.totalCount).toBe(5);
      expect(all.data!.documents.edges).toHaveLength(2);
      const md = await alice.request<Page>(LIST, { first: 2, filter: { filename: '.MD' } });
      expect(md.data!.documents.totalCount).toBe(3);
      const none = await alice.request<Page>(LIST, { first: 2, filter: { filename: 'nothing-like-this' } });
      expect(none.data!.documents).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false } });
      const other = await bob.request<Page>(LIST, { first: 2 });
      expect(other.data!.documents.totalCount).toBe(0);
    });

    it('sorts by name (ignoring case), by size (largest first) and newest first, page after page', async () => {
      expect(await walk(alice, 'NAME')).toEqual(['Alpha.md', 'beta.md', 'charlie.md', 'delta.txt', 'echo.txt']);
      const bySize = [...FILES].sort((a, b) => b.body.length - a.body.length).map((f) => f.name);
      expect(await walk(alice, 'SIZE')).toEqual(bySize);
      expect(await walk(alice, 'NEWEST')).toEqual(FILES.map((f) => f.name).reverse());
      expect(await walk(alice, 'NAME', { filename: 'a' })).toEqual(['Alpha.md', 'beta.md', 'charlie.md', 'delta.txt']);
    });

    it('refuses a cursor of one sort used with another, with BAD_USER_INPUT', async () => {
      const first = await alice.request<Page>(LIST, { first: 2, sort: 'NAME' });
      const res = await alice.request(LIST, { first: 2, sort: 'SIZE', after: first.data!.documents.pageInfo.endCursor });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const garbage = await alice.request(LIST, { first: 2, sort: 'NAME', after: 'bm90LWpzb24' });
      expect(garbage.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('sorts the REST list too, and only the owner downloads the original', async () => {
      const rest = await signUpRest(d.baseUrl, `list-carol-${mode}@example.com`);
      const up = await rest.post('/api/documents/upload', [
        { bytes: new TextEncoder().encode('zulu '.repeat(50)), name: 'zulu.txt' },
        { bytes: new TextEncoder().encode('# Yankee'), name: 'Yankee.md' },
      ]);
      expect(up.status).toBe(201);
      const page = await rest.json<{ items: { filename: string }[]; pageInfo: { endCursor: string } }>('/api/documents?sort=name&first=1');
      expect(page.body.items.map((i) => i.filename)).toEqual(['Yankee.md']);
      const next = await rest.json<{ items: { filename: string }[] }>(
        `/api/documents?sort=name&first=1&after=${page.body.pageInfo.endCursor}`,
      );
      expect(next.body.items.map((i) => i.filename)).toEqual(['zulu.txt']);

      const zulu = up.body.results[0].document as { id: string };
      const own = await rest.fetch(`/api/documents/${encodeURIComponent(zulu.id)}/file`);
      expect(own.status).toBe(200);
      expect(await own.text()).toBe('zulu '.repeat(50));
      const stranger = new RestClient(d.baseUrl, bob.token);
      const theirs = await stranger.fetch(`/api/documents/${encodeURIComponent(zulu.id)}/file`);
      expect(theirs.status).toBe(404);
    });
  });
}
