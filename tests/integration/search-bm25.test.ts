import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE_DOCUMENT, DOCUMENT, REPROCESS_DOCUMENT, UPLOAD_DOCUMENTS } from '../../client/src/operations.js';
import type { GraphQLHttpClient } from '../helpers/graphql-client.js';
import { deploy, servicesAvailable, type Deployment, type ModeName } from '../helpers/modes.js';
import { markdownFile, search, signUp, waitIndexed } from './search-support.js';
import { BM25_CORPUS, BM25_QUERIES, FLOOD, PRUNING_CORPUS, referenceTop, type RefChunk } from './search-bm25-reference.js';

/**
 * LEXICAL ranking is Okapi BM25F: on a small fixed corpus the top 10 and their scores equal an
 * independent implementation of the formula in this file's helper (same analysis: PostgreSQL's
 * to_tsvector in a PGlite of the test's own), in both modes. Statistics are the caller's own:
 * another user indexing many documents full of the query's words changes nothing for Alice, and
 * her own deletes, reprocessing and concurrent uploads keep them exact.
 */
const modes: ModeName[] = ['embedded', 'services'];
const DEFAULTS = { k1: 2, b: 0.75, headingWeight: 2 };

for (const mode of modes) {
  describe.skipIf(mode === 'services' && !servicesAvailable())(`BM25 ranking (${mode})`, () => {
    let d: Deployment;
    let alice: GraphQLHttpClient;
    let bob: GraphQLHttpClient;
    let analyser: PGlite;
    const aliceDocs = new Map<string, string>();

    /** Uploads in one request, so the pipeline indexes them side by side; waits for all. */
    async function uploadAll(client: GraphQLHttpClient, docs: Record<string, string>): Promise<string[]> {
      const entries = Object.entries(docs);
      const files = Object.fromEntries(entries.map(([name, md], i) => [`files.${i}`, markdownFile(md, name)]));
      const res = await client.upload(UPLOAD_DOCUMENTS, { files: entries.map(() => null) }, files);
      expect(res.errors).toBeUndefined();
      const ids = res.data!.uploadDocuments.results.map((r: { document: { id: string } }) => r.document.id) as string[];
      await Promise.all(ids.map((id) => waitIndexed(client, id)));
      return ids;
    }

    /** Alice's chunks as the API shows them, analysed the way the database analyses them. */
    async function aliceChunks(): Promise<RefChunk[]> {
      const out: RefChunk[] = [];
      for (const id of aliceDocs.values()) {
        const doc = (await alice.request(DOCUMENT, { id })).data!.document;
        for (const { node } of doc.chunks.edges) out.push(await analyse(node.id, node.headings.join(' › '), node.text));
      }
      return out;
    }

    /** Words joined by a slash or hyphen count as separate words (the analysis the README states). */
    const split = `regexp_replace($1, '([[:alnum:]_])[-/](?=[[:alnum:]_])', '\\1 ', 'g')`;

    async function analyse(id: string, heading: string, text: string): Promise<RefChunk> {
      const lexemes = async (s: string) =>
        (
          await analyser.query<{ lexeme: string; n: number }>(
            `select lexeme, cardinality(positions) as n from unnest(to_tsvector('english', ${split}))`,
            [s],
          )
        ).rows;
      return {
        id,
        head: new Map((await lexemes(heading)).map((r) => [r.lexeme, r.n])),
        body: new Map((await lexemes(text)).map((r) => [r.lexeme, r.n])),
      };
    }

    const queryTerms = async (q: string) =>
      (await analyser.query<{ l: string }>(`select unnest(tsvector_to_array(to_tsvector('english', ${split}))) as l`, [q])).rows.map(
        (r) => r.l,
      );

    async function expectReference(label: string) {
      const chunks = await aliceChunks();
      for (const q of BM25_QUERIES) {
        const expected = referenceTop(chunks, await queryTerms(q), DEFAULTS, 10);
        const res = await search(alice, q, { mode: 'LEXICAL', first: 10 });
        expect(res.errors, q).toBeUndefined();
        const got = res.data!.search;
        expect(
          got.map((h) => h.chunk.id),
          `${label}: ${q}`,
        ).toEqual(expected.map((e) => e.id));
        got.forEach((h, i) => expect(h.score, `${label}: ${q} #${i + 1}`).toBeCloseTo(expected[i]!.score, 6));
      }
    }

    beforeAll(async () => {
      analyser = new PGlite();
      d = await deploy(mode);
      alice = await signUp(d.graphqlUrl, `alice-bm25-${mode}@example.com`);
      bob = await signUp(d.graphqlUrl, `bob-bm25-${mode}@example.com`);
      for (const corpus of [BM25_CORPUS, PRUNING_CORPUS]) {
        const ids = await uploadAll(alice, corpus);
        Object.keys(corpus).forEach((name, i) => aliceDocs.set(name, ids[i]!));
      }
    });

    afterAll(async () => {
      await d?.stop();
      await analyser?.close();
    });

    it('ranks the top 10 with the scores of the reference BM25F', async () => {
      await expectReference('fresh');
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
      const ids = await uploadAll(alice, more);
      Object.keys(more).forEach((name, i) => aliceDocs.set(name, ids[i]!));
      await expectReference('after reprocess and concurrent uploads');
    });
  });
}
