import { PGlite } from '@electric-sql/pglite';
import { expect } from 'vitest';
import { DOCUMENT, UPLOAD_DOCUMENTS } from '../../client/src/operations.js';
import type { GraphQLHttpClient } from '../helpers/graphql-client.js';
import type { ModeName } from '../helpers/modes.js';
import { referenceTop, type RefChunk, type RefParams } from './search-bm25-reference.js';
import { markdownFile, search, waitIndexed } from './search-support.js';

/**
 * The test side of the BM25 ranking tests: chunks read back through the API (as their reader sees
 * them) and analysed by PostgreSQL's own to_tsvector in a PGlite of the test's own, so the
 * reference shares the tokenisation and nothing else with the server.
 */

export const BM25_DEFAULTS: RefParams = { k1: 2, b: 0.75, headingWeight: 2 };

/**
 * Each mode twice: with the default impact lists (none on corpora this small) and with a list for
 * every word in more than 3 chunks of a scope, folded every 100 ms (migration 0018), so searches
 * go through the lists and through chunks still waiting in the log, and must rank the same.
 */
export const RANKING_VARIANTS: { mode: ModeName; lists: boolean }[] = [
  { mode: 'embedded', lists: false },
  { mode: 'services', lists: false },
  { mode: 'embedded', lists: true },
  { mode: 'services', lists: true },
];
export const IMPACT_LIST_ENV = { BM25_IMPACT_LIST_CHUNKS: '3', BM25_FOLD_INTERVAL_MS: '100' };

/** Words joined by a slash or hyphen count as separate words (the analysis the README states). */
const SPLIT = `regexp_replace($1, '([[:alnum:]_])[-/](?=[[:alnum:]_])', '\\1 ', 'g')`;

export interface Bm25Analyser {
  /** The chunks of `docs`, read through `reader`'s API. */
  chunksOf(reader: GraphQLHttpClient, docs: Iterable<string>): Promise<RefChunk[]>;
  queryTerms(q: string): Promise<string[]>;
  /**
   * `who` searching each query (LEXICAL, with `filter`) gets exactly the reference top 10 and
   * its scores over the chunks of `docs`: the set the statistics must cover.
   */
  expectReference(
    who: GraphQLHttpClient,
    docs: Iterable<string>,
    queries: string[],
    label: string,
    filter?: Record<string, unknown>,
  ): Promise<void>;
  close(): Promise<void>;
}

export function createAnalyser(): Bm25Analyser {
  const pg = new PGlite();
  const lexemes = async (s: string) =>
    (
      await pg.query<{ lexeme: string; n: number }>(
        `select lexeme, cardinality(positions) as n from unnest(to_tsvector('english', ${SPLIT}))`,
        [s],
      )
    ).rows;
  const analyse = async (id: string, heading: string, text: string): Promise<RefChunk> => ({
    id,
    head: new Map((await lexemes(heading)).map((r) => [r.lexeme, r.n])),
    body: new Map((await lexemes(text)).map((r) => [r.lexeme, r.n])),
  });
  const self: Bm25Analyser = {
    async chunksOf(reader, docs) {
      const out: RefChunk[] = [];
      for (const id of docs) {
        const res = await reader.request(DOCUMENT, { id });
        expect(res.data?.document, `document ${id} readable`).toBeTruthy();
        for (const { node } of res.data!.document.chunks.edges) out.push(await analyse(node.id, node.headings.join(' › '), node.text));
      }
      return out;
    },
    async queryTerms(q) {
      return (await pg.query<{ l: string }>(`select unnest(tsvector_to_array(to_tsvector('english', ${SPLIT}))) as l`, [q])).rows.map(
        (r) => r.l,
      );
    },
    async expectReference(who, docs, queries, label, filter) {
      const chunks = await self.chunksOf(who, docs);
      for (const q of queries) {
        const expected = referenceTop(chunks, await self.queryTerms(q), BM25_DEFAULTS, 10);
        const res = await search(who, q, { mode: 'LEXICAL', first: 10, filter });
        expect(res.errors, q).toBeUndefined();
        const got = res.data!.search;
        expect(
          got.map((h) => h.chunk.id),
          `${label}: ${q}`,
        ).toEqual(expected.map((e) => e.id));
        got.forEach((h, i) => expect(h.score, `${label}: ${q} #${i + 1}`).toBeCloseTo(expected[i]!.score, 6));
      }
    },
    close: () => pg.close(),
  };
  return self;
}

/** The server takes at most this many files per request. */
const BATCH = 15;

/** Uploads in as few requests as it may, so the pipeline indexes them side by side; waits for all; ids by name. */
export async function uploadAll(client: GraphQLHttpClient, docs: Record<string, string>): Promise<Map<string, string>> {
  const entries = Object.entries(docs);
  const ids: string[] = [];
  for (let i = 0; i < entries.length; i += BATCH) {
    const batch = entries.slice(i, i + BATCH);
    const files = Object.fromEntries(batch.map(([name, md], j) => [`files.${j}`, markdownFile(md, name)]));
    const res = await client.upload(UPLOAD_DOCUMENTS, { files: batch.map(() => null) }, files);
    expect(res.errors).toBeUndefined();
    ids.push(...res.data!.uploadDocuments.results.map((r: { document: { id: string } }) => r.document.id));
  }
  await Promise.all(ids.map((id) => waitIndexed(client, id)));
  return new Map(entries.map(([name], i) => [name, ids[i]!]));
}
