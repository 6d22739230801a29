import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLHttpClient } from '../helpers/graphql-client.js';
import { deploy, type Deployment } from '../helpers/modes.js';
import { corpus } from '../helpers/processes.js';
import { startFakeEmbeddings, type FakeEmbeddings } from './search-embeddings-server.js';
import { search, signUp, uploadIndexed, type Hit } from './search-support.js';

/**
 * Retrieval quality over real corpus documents: the labelled questions in tests/search-queries,
 * each with the passage a person would expect (document, and where known page and heading).
 * recall@5 = share of questions whose expected passage is among the first five hits; the
 * citation check asks that the first hit from the expected document cites the expected page.
 * HYBRID here fuses full-text with a loopback provider's hashed word/trigram vectors, a stand-in
 * for a real model (none can be downloaded here), so its numbers show the fusion works, not what
 * a real embedding model would add.
 */
interface Labelled {
  query: string;
  document: string;
  page?: number;
  heading?: string;
}
const set = JSON.parse(await readFile(path.resolve(import.meta.dirname, '../search-queries/corpus.json'), 'utf8')) as {
  documents: Record<string, string>;
  queries: Labelled[];
};

const matches = (q: Labelled, docId: string, h: Hit) =>
  h.document.id === docId &&
  (q.page === undefined ||
    (h.chunk.pageStart !== null && h.chunk.pageStart <= q.page && q.page <= (h.chunk.pageEnd ?? h.chunk.pageStart))) &&
  (q.heading === undefined || h.chunk.headings.some((x) => x === q.heading || x.endsWith(q.heading!)));

describe('search quality on the labelled corpus queries (embedded)', () => {
  let d: Deployment;
  let fake: FakeEmbeddings;
  let alice: GraphQLHttpClient;
  const docIds: Record<string, string> = {};

  beforeAll(async () => {
    fake = await startFakeEmbeddings({ dimensions: 256 });
    d = await deploy('embedded', { EMBEDDINGS_URL: fake.url, EMBEDDINGS_MODEL: 'hash-256' });
    alice = await signUp(d.graphqlUrl, 'quality@example.com');
    for (const [key, file] of Object.entries(set.documents)) {
      docIds[key] = (await uploadIndexed(alice, { path: corpus(file) })).id;
    }
  }, 300_000);

  afterAll(async () => {
    await d?.stop();
    await fake?.close();
  });

  for (const mode of ['LEXICAL', 'HYBRID'] as const) {
    it(`finds the expected passage in the top 5 (${mode}, recall@5)`, async () => {
      let found = 0;
      let cited = 0;
      let citable = 0;
      const misses: string[] = [];
      for (const q of set.queries) {
        const res = await search(alice, q.query, { mode, first: 5 });
        expect(res.errors, q.query).toBeUndefined();
        const hits = res.data!.search;
        const docId = docIds[q.document]!;
        if (hits.some((h) => matches(q, docId, h))) found++;
        else
          misses.push(
            `${q.query} → ${hits.map((h) => `${h.document.filename} p${h.chunk.pageStart} ${h.chunk.headings.at(-1) ?? ''}`).join(' | ')}`,
          );
        if (q.page !== undefined) {
          citable++;
          const first = hits.find((h) => h.document.id === docId);
          if (first && first.chunk.pageStart! <= q.page && q.page <= first.chunk.pageEnd!) cited++;
        }
      }
      const recall = found / set.queries.length;
      console.log(
        `${mode}: recall@5 ${recall.toFixed(2)} (${found}/${set.queries.length}); citations on the right page ${cited}/${citable}`,
      );
      if (misses.length) console.log(`${mode} misses:\n  ${misses.join('\n  ')}`);
      expect(recall).toBeGreaterThanOrEqual(0.8);
      expect(cited / citable).toBeGreaterThanOrEqual(0.8);
    });
  }

  it('scopes the language filter and stems in the document language', async () => {
    const korean = await search(alice, '재해보험금', { mode: 'LEXICAL', filter: { language: 'ko' } });
    expect(korean.data!.search.length).toBeGreaterThan(0);
    expect(korean.data!.search.every((h) => h.document.id === docIds.korean_insurance)).toBe(true);
    // English stemming: "typewriters" finds "typewriter".
    const stemmed = await search(alice, 'typewriters', { mode: 'LEXICAL' });
    expect(stemmed.data!.search[0]?.document.id).toBe(docIds.word_processor);
    const pdfOnly = await search(alice, 'duck', { mode: 'LEXICAL', filter: { mimeTypes: ['application/pdf'] } });
    expect(pdfOnly.data!.search.every((h) => h.document.id !== docIds.duck_wiki)).toBe(true);
    const future = await search(alice, 'duck', { filter: { createdAfter: new Date(Date.now() + 86_400_000).toISOString() } });
    expect(future.data!.search).toEqual([]);
  });
});
