import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE_DOCUMENT, REPROCESS_DOCUMENT } from '../../client/src/operations.js';
import type { GraphQLHttpClient } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment } from '../helpers/modes.js';
import { createAnalyser, IMPACT_LIST_ENV, RANKING_VARIANTS, uploadAll, type Bm25Analyser } from './search-bm25-analyser.js';
import { BM25_CORPUS, BM25_QUERIES, FLOOD, PRUNING_CORPUS } from './search-bm25-reference.js';
import { search, signUp, waitIndexed } from './search-support.js';

/**
 * LEXICAL ranking is Okapi BM25F: on a small fixed corpus the top 10 and their scores equal an
 * independent implementation of the formula in this file's helper (same analysis: PostgreSQL's
 * to_tsvector in a PGlite of the test's own), in both modes. Statistics are the caller's own:
 * another user indexing many documents full of the query's words changes nothing for Alice, and
 * her own deletes, reprocessing and concurrent uploads keep them exact. Each mode runs twice: with
 * the default impact lists (none on a corpus this small) and with lists for every word in more than
 * 3 chunks, folded every 100 ms, so searches go through the lists (migration 0018) and through
 * chunks still waiting in the log, and must give the same exact top 10.
 */

for (const { mode, lists } of RANKING_VARIANTS) {
  const name = `${mode}${lists ? ', impact lists' : ''}`;
  describe.skipIf(mode === 'services' && !servicesAvailable())(`BM25 ranking (${name})`, () => {
    let d: Deployment;
    let alice: GraphQLHttpClient;
    let bob: GraphQLHttpClient;
    let analyser: Bm25Analyser;
    const aliceDocs = new Map<string, string>();

    async function expectReference(label: string) {
      await analyser.expectReference(alice, aliceDocs.values(), BM25_QUERIES, label);
    }

    beforeAll(async () => {
      analyser = createAnalyser();
      d = await deploy(mode, lists ? IMPACT_LIST_ENV : {});
      const tag = `${mode}${lists ? '-lists' : ''}`;
      alice = await signUp(d.graphqlUrl, `alice-bm25-${tag}@example.com`);
      bob = await signUp(d.graphqlUrl, `bob-bm25-${tag}@example.com`);
      for (const corpus of [BM25_CORPUS, PRUNING_CORPUS]) {
        for (const [name, id] of await uploadAll(alice, corpus)) aliceDocs.set(name, id);
      }
    });

    afterAll(async () => {
      await d?.stop();
      await analyser?.close();
    });

    it('ranks the top 10 with the scores of the reference BM25F', async () => {
      await expectReference('fresh');
      if (lists && mode === 'services') {
        // The worker's fold built lists for Alice's common words (the embedded database is in the API process).
        const db = postgres(d.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
        try {
          const [row] =
            await db`select count(*)::int as n from bm25_impact_lists l join users u on u.id = l.scope_id where u.email = ${`alice-bm25-${mode}-lists@example.com`}`;
          expect(row!.n).toBeGreaterThan(20);
        } finally {
          await db.end();
        }
      }
      // A chunk that says a common query word many times does not beat the chunk with the rare ones.
      const top = (await search(alice, 'How does caffeine affect sleep quality in older adults?', { mode: 'LEXICAL', first: 3 })).data!
        .search;
      expect(top[0]!.document.filename).toBe('caffeine-sleep.md');
    });

    it("is untouched by another user's documents full of the same words", async () => {
      const before = await Promise.all(BM25_QUERIES.map((q) => search(alice, q, { mode: 'LEXICAL', first: 10 })));
      await uploadAll(bob, FLOOD);
      const after = await Promise.all(BM25_QUERIES.map((q) => search(alice, q, { mode: 'LEXICAL', first: 10 })));
      after.forEach((res, i) => expect(res.data!.search, BM25_QUERIES[i]).toEqual(before[i]!.data!.search));
      // Bob's own ranking sees his documents and not Alice's.
      const his = (await search(bob, 'caffeine sleep', { mode: 'LEXICAL', first: 50 })).data!.search;
      expect(his.length).toBeGreaterThan(0);
      expect(his.every((h) => h.document.filename.startsWith('flood-'))).toBe(true);
    });

    it('stays exact through delete, reprocess and concurrent uploads', async () => {
      const gone = aliceDocs.get('vitamin-d.md')!;
      expect((await alice.request(DELETE_DOCUMENT, { id: gone })).errors).toBeUndefined();
      aliceDocs.delete('vitamin-d.md');
      await expectReference('after delete');
      const again = aliceDocs.get('statins.md')!;
      expect((await alice.request(REPROCESS_DOCUMENT, { id: again })).errors).toBeUndefined();
      await waitIndexed(alice, again);
      const more = { 'late-1.md': FLOOD['flood-1.md']!, 'late-2.md': FLOOD['flood-2.md']!, 'late-3.md': BM25_CORPUS['vitamin-d.md']! };
      for (const [name, id] of await uploadAll(alice, more)) aliceDocs.set(name, id);
      await expectReference('after reprocess and concurrent uploads');
    });
  });
}
