import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/chunker/types.js';
import { foldPendingBm25Statistics } from '../../src/db/repositories/bm25-stats-repo.js';
import { replaceDocumentChunks } from '../../src/db/repositories/chunks-repo.js';
import { queryRows } from '../../src/db/rows.js';
import { TEXT_SEARCH_CONFIGS } from '../../src/search/text-search-config.js';
import type { Bm25Params } from '../../src/search/types.js';
import { loadCorpus, loadQueries } from '../../bench/retrieval-data.js';
import { createMediumContainer, createOwner, storeDocument, textChunk, type MediumContainer } from './medium-container.js';

/**
 * The impact lists of migration 0018 on the embedded database, over NFCorpus abstracts: with
 * lists, a search returns exactly what exhaustive BM25 returns (the same function with the lists
 * hidden in a rolled-back transaction), for questions, common words and long claims, while
 * chunks wait in the log, after deletes and edits, and after the fold; the lists decide most
 * queries; and every list keeps its promise: no chunk of the scope holding the word is missing
 * from it with an impact above its floor.
 */
const KEEP = 12;

describe('BM25 impact lists (embedded)', () => {
  let m: MediumContainer;
  let ownerId: string;
  let params: Bm25Params;
  let corpus: { title: string; text: string }[];
  let queries: string[];
  const docs: { id: string; chunks: Chunk[] }[] = [];

  async function indexDocument(parts: { title: string; text: string }[]) {
    const doc = await storeDocument(m.c, ownerId, { name: 'a.md', mimeType: 'text/markdown', bytes: Buffer.from(parts[0]!.text) });
    const chunks = parts.map((p, i) => textChunk(doc.id, i, [p.title], p.text, `${doc.id}-${i}`));
    await m.c.db.transaction((tx) => replaceDocumentChunks(tx, doc, chunks, 'english'));
    docs.push({ id: doc.id, chunks });
  }

  const fold = (p: Bm25Params = params) => foldPendingBm25Statistics(m.c.db, 100, p, KEEP);

  /** The caller's top 10, and the depth the lists decided at (null: they did not decide). */
  async function rank(q: string, opts: { hideLists?: boolean; p?: Bm25Params } = {}) {
    const p = opts.p ?? params;
    let result: { rows: string[]; depth: string | null } | undefined;
    // Rolled back: hiding the lists must not outlive the call.
    await m.c.db
      .transaction(async (tx) => {
        await tx.execute(sql`select set_config('app.user_id', ${ownerId}, true)`);
        if (opts.hideLists) await tx.execute(sql`delete from bm25_impact_lists`);
        const configs = sql.raw(`array[${TEXT_SEARCH_CONFIGS.map((n) => `'${n}'`).join(', ')}]::regconfig[]`);
        const rows = await queryRows<{ id: string; score: number }>(
          tx,
          sql`select m.id, m.score from docsphere_bm25_search(${configs}, ${q}, false, null, 10, ${p.k1}::float8, ${p.b}::float8, ${p.headingWeight}::float8, null) m`,
        );
        const [depth] = await queryRows<{ d: string | null }>(
          tx,
          sql`select nullif(current_setting('docsphere.bm25_lists', true), '') as d`,
        );
        result = { rows: rows.map((r) => `${r.id} ${Number(r.score).toFixed(9)}`), depth: depth?.d ?? null };
        tx.rollback();
      })
      .catch((err: unknown) => {
        if (!result) throw err;
      });
    return result!;
  }

  /** Every query's top 10 with lists equals the exhaustive one; returns how many the lists decided. */
  async function expectExact(label: string, p: Bm25Params = params) {
    let decided = 0;
    for (const q of queries) {
      const got = await rank(q, { p });
      const want = await rank(q, { hideLists: true, p });
      expect(want.depth, `${label}: ${q}`).toBeNull();
      expect(got.rows, `${label}: ${q}`).toEqual(want.rows);
      if (got.depth !== null) decided++;
    }
    return decided;
  }

  beforeAll(async () => {
    m = await createMediumContainer();
    params = m.c.config.bm25;
    ownerId = await createOwner(m.c);
    corpus = (await loadCorpus()).filter((d) => d.text.length > 200).slice(0, 480);
    const asked = [...(await loadQueries()).values()].slice(0, 24);
    const claim = corpus[7]!.text.split(/(?<=\.)\s/)[0]!;
    queries = [...asked, 'patients', 'cancer risk', 'the effect of diet', claim];
    for (let d = 0; d < 8; d++) await indexDocument(corpus.slice(d * 50, d * 50 + 50));
  }, 180_000);

  afterAll(async () => {
    await m?.close();
  });

  it('ranks exactly as exhaustive BM25 once the fold built the lists, and decides most queries', async () => {
    expect(await expectExact('no lists yet')).toBe(0);
    await fold();
    const [lists] = await queryRows<{ n: string }>(
      m.c.db,
      sql`select count(*)::text as n from bm25_impact_lists where scope_id = ${ownerId}`,
    );
    expect(Number(lists!.n)).toBeGreaterThan(50);
    expect(await expectExact('folded')).toBeGreaterThanOrEqual(queries.length / 2);
  });

  it('stays exact while chunks wait in the log, after deletes and edits, and after the next fold', async () => {
    await indexDocument(corpus.slice(400, 440));
    await indexDocument(corpus.slice(440, 480));
    const [log] = await queryRows<{ n: string }>(m.c.db, sql`select count(*)::text as n from bm25_chunk_log where scope_id = ${ownerId}`);
    expect(Number(log!.n)).toBe(80);
    expect(await expectExact('logged')).toBeGreaterThan(0);

    await m.c.db.execute(sql`delete from documents where id = ${docs[1]!.id}`);
    // A chunk rewritten to say a common word many times must rise to the top of its list.
    const edited = docs[2]!.chunks[3]!.id;
    await m.c.db.execute(
      sql`update chunks set text = ${'Patients with cancer: patients, patients and more patients. '.repeat(3)} where id = ${edited}`,
    );
    await expectExact('deleted and edited');
    expect((await rank('patients')).rows[0]).toMatch(new RegExp(`^${edited} `));

    await fold();
    const [left] = await queryRows<{ n: string }>(m.c.db, sql`select count(*)::text as n from bm25_chunk_log`);
    expect(Number(left!.n)).toBe(0);
    expect(await expectExact('folded again')).toBeGreaterThanOrEqual(queries.length / 2);
  });

  it('keeps every list complete above its floor and no longer than twice its length', async () => {
    const broken = await queryRows<{ key: string; chunk_id: string; impact: number; floor: number }>(
      m.c.db,
      sql`select l.key, c.id as chunk_id, docsphere_bm25_impact(
                 coalesce(cardinality(array_positions(u.weights, 'B')), 0) + l.head_weight * coalesce(cardinality(array_positions(u.weights, 'A')), 0),
                 c.len_body + l.head_weight * c.len_head, l.k1, l.b, l.avgdl) as impact, l.floor
          from bm25_impact_lists l
          join chunks c on c.owner_id = l.scope_id and c.stats_scope is null
          cross join lateral unnest(c.search_vector) u
          where l.key = c.ts_config::text || ' ' || u.lexeme
            and not exists (select 1 from bm25_impacts i where i.list_id = l.id and i.chunk_id = c.id)
            and docsphere_bm25_impact(
                 coalesce(cardinality(array_positions(u.weights, 'B')), 0) + l.head_weight * coalesce(cardinality(array_positions(u.weights, 'A')), 0),
                 c.len_body + l.head_weight * c.len_head, l.k1, l.b, l.avgdl) > l.floor`,
    );
    expect(broken).toEqual([]);
    const [longest] = await queryRows<{ n: string }>(
      m.c.db,
      sql`select coalesce(max(n), 0)::text as n from (select count(*) as n from bm25_impacts group by list_id) x`,
    );
    expect(Number(longest!.n)).toBeLessThanOrEqual(2 * KEEP);
    expect(Number(longest!.n)).toBeGreaterThanOrEqual(KEEP);
  });

  it('rebuilds the lists when the ranking parameters change, and ranks exactly with the new ones', async () => {
    const other = { ...params, k1: 1.2, b: 0.5 };
    expect(await expectExact('new parameters, old lists', other)).toBe(0);
    await fold(other);
    const kinds = await queryRows<{ k1: number; b: number }>(m.c.db, sql`select distinct k1, b from bm25_impact_lists`);
    expect(kinds.map((k) => [Number(k.k1), Number(k.b)])).toEqual([[1.2, 0.5]]);
    expect(await expectExact('rebuilt', other)).toBeGreaterThanOrEqual(queries.length / 2);
  });
});
