import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLHttpClient } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment } from '../helpers/modes.js';
import { createAnalyser, IMPACT_LIST_ENV, RANKING_VARIANTS, uploadAll, type Bm25Analyser } from './search-bm25-analyser.js';
import { BM25_CORPUS, BM25_QUERIES, FLOOD, PRUNING_CORPUS } from './search-bm25-reference.js';
import { search } from './search-support.js';
import { addDocs, code, createCollection, ok, signUpClient } from './tenancy-sharing.js';

/**
 * BM25 over shared collections: whoever searches gets the exact reference ranking over precisely
 * the chunks they may see (their own documents plus their collections'), or over the chunks of
 * the collections they narrow to (a filter, a scoped API key). Documents joining or leaving a
 * collection, and members leaving it, move the statistics at once; a non-member's ranking never
 * moves. Both modes, and once more in each with impact lists for every word in more than 3 chunks
 * of a scope (migration 0018), folded every 100 ms: the lists of several scopes (Alice's own,
 * Team's) serve one search, and moves between scopes must leave them exact.
 */
/** Carol's long English notes go first: her short ones then fall back to English, as the reference analyses them. */
const CAROLS_FIRST = Object.fromEntries(
  Object.entries(FLOOD)
    .slice(0, 5)
    .map(([name, md]) => [`carol-${name}`, `${md}\nCarol's copy.\n`]),
);
const union = (...sets: Iterable<string>[]) => [...new Set(sets.flatMap((s) => [...s]))];

for (const { mode, lists } of RANKING_VARIANTS) {
  const tag = `${mode}${lists ? '-lists' : ''}`;
  describe.skipIf(mode === 'services' && !servicesAvailable())(`BM25 over collections (${mode}${lists ? ', impact lists' : ''})`, () => {
    let d: Deployment;
    let analyser: Bm25Analyser;
    let alice: GraphQLHttpClient;
    let carol: GraphQLHttpClient;
    let carolId: string;
    let bob: GraphQLHttpClient;
    let aliceDocs: Map<string, string>;
    let carolDocs: Map<string, string>;
    let bobDocs: Map<string, string>;
    let team: string;
    /** What Team holds, kept beside the server's state. */
    const inTeam = new Set<string>();

    const aliceShared = ['caffeine-sleep.md', 'coffee-use.md', 'green-tea.md', 'guide.md', 'statins.md'];
    const carolShared = ['mycorrhiza.md', 'garden-0.md', 'water-1.md', 'carol-flood-0.md'];
    const teamFilter = () => ({ collectionIds: [team] });

    beforeAll(async () => {
      analyser = createAnalyser();
      d = await deploy(mode, lists ? IMPACT_LIST_ENV : {});
      const users = await Promise.all(['alice', 'carol', 'bob'].map((n) => signUpClient(d.graphqlUrl, `${n}-bm25c-${tag}@example.com`)));
      [alice, carol, bob] = users.map((u) => u.c) as [GraphQLHttpClient, GraphQLHttpClient, GraphQLHttpClient];
      carolId = users[1]!.id;
      aliceDocs = await uploadAll(alice, BM25_CORPUS);
      carolDocs = new Map([...(await uploadAll(carol, CAROLS_FIRST)), ...(await uploadAll(carol, PRUNING_CORPUS))]);
      bobDocs = await uploadAll(bob, FLOOD);
      team = await createCollection(alice, 'Team');
      ok(
        await alice.request(`mutation($c: ID!, $e: String!) { inviteCollectionMember(collectionId: $c, email: $e, role: EDITOR) { id } }`, {
          c: team,
          e: `carol-bm25c-${tag}@example.com`,
        }),
      );
      ok(
        await addDocs(
          alice,
          team,
          aliceShared.map((n) => aliceDocs.get(n)!),
        ),
      );
      ok(
        await addDocs(
          carol,
          team,
          carolShared.map((n) => carolDocs.get(n)!),
        ),
      );
      for (const n of aliceShared) inTeam.add(aliceDocs.get(n)!);
      for (const n of carolShared) inTeam.add(carolDocs.get(n)!);
    });

    afterAll(async () => {
      await d?.stop();
      await analyser?.close();
    });

    it('ranks each caller over exactly what they may see, and a collection over its own documents', async () => {
      await analyser.expectReference(carol, union(carolDocs.values(), inTeam), BM25_QUERIES, 'carol, everything she sees');
      await analyser.expectReference(alice, union(aliceDocs.values(), inTeam), BM25_QUERIES, 'alice, everything she sees');
      await analyser.expectReference(carol, inTeam, BM25_QUERIES, 'carol, Team only', teamFilter());
      await analyser.expectReference(alice, inTeam, BM25_QUERIES, 'alice, Team only', teamFilter());
      // Bob is no member: his ranking is over his own documents, and Team is NOT_FOUND to him.
      await analyser.expectReference(bob, bobDocs.values(), BM25_QUERIES, 'bob');
      expect(code(await search(bob, 'caffeine', { mode: 'LEXICAL', filter: teamFilter() }))).toBe('NOT_FOUND');
    });

    it('moves the statistics at once when documents leave and join a collection', async () => {
      const leaving = aliceDocs.get('green-tea.md')!;
      ok(
        await alice.request(`mutation($c: ID!, $d: [ID!]!) { removeDocumentsFromCollection(collectionId: $c, documentIds: $d) { id } }`, {
          c: team,
          d: [leaving],
        }),
      );
      inTeam.delete(leaving);
      await analyser.expectReference(carol, union(carolDocs.values(), inTeam), BM25_QUERIES, 'carol after a removal');
      await analyser.expectReference(carol, inTeam, BM25_QUERIES, 'Team after a removal', teamFilter());
      // A document in two collections counts once.
      const second = await createCollection(alice, 'Second');
      ok(await addDocs(alice, second, [aliceDocs.get('statins.md')!, aliceDocs.get('vitamin-d.md')!]));
      ok(await addDocs(alice, team, [aliceDocs.get('vitamin-d.md')!]));
      inTeam.add(aliceDocs.get('vitamin-d.md')!);
      await analyser.expectReference(carol, union(carolDocs.values(), inTeam), BM25_QUERIES, 'carol after a join');
      await analyser.expectReference(alice, union(aliceDocs.values(), inTeam), BM25_QUERIES, 'alice, own documents in two collections');
      await analyser.expectReference(alice, [aliceDocs.get('statins.md')!, aliceDocs.get('vitamin-d.md')!], BM25_QUERIES, 'Second', {
        collectionIds: [second],
      });
    });

    it('gives a key scoped to the collection the collection ranking, and a removed member her own again', async () => {
      const created = ok(
        await carol.request(`mutation($c: [ID!]) { createApiKey(name: "rag app", collectionIds: $c, readOnly: true) { key } }`, {
          c: [team],
        }),
      );
      const rag = new GraphQLHttpClient(d.graphqlUrl);
      rag.token = created.createApiKey.key;
      await analyser.expectReference(rag, inTeam, BM25_QUERIES, 'scoped key');
      ok(
        await alice.request(`mutation($c: ID!, $u: ID!) { removeCollectionMember(collectionId: $c, userId: $u) { id } }`, {
          c: team,
          u: carolId,
        }),
      );
      await analyser.expectReference(carol, carolDocs.values(), BM25_QUERIES, 'carol after removal');
      expect(code(await search(carol, 'caffeine', { mode: 'LEXICAL', filter: teamFilter() }))).toBe('NOT_FOUND');
      const keyed = await search(rag, 'caffeine sleep', { mode: 'LEXICAL' });
      expect(keyed.errors).toBeUndefined();
      expect(keyed.data!.search).toEqual([]);
      // Alice still sees Carol's documents that are in Team (they stay until removed).
      await analyser.expectReference(alice, union(aliceDocs.values(), inTeam), BM25_QUERIES, 'alice after carol left');
    });
  });
}
