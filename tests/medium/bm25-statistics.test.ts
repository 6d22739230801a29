import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBm25FoldDuty } from '../../src/app/bm25-fold-duty.js';
import { foldPendingBm25Statistics } from '../../src/db/repositories/bm25-stats-repo.js';
import { replaceDocumentChunks } from '../../src/db/repositories/chunks-repo.js';
import { queryRows } from '../../src/db/rows.js';
import { loadCorpus } from '../../bench/retrieval-data.js';
import { createMediumContainer, createOwner, storeDocument, textChunk, type MediumContainer } from './medium-container.js';

/**
 * The write side of the BM25 statistics (migration 0013) on the embedded database: the row
 * trigger builds `search_vector` and the field lengths from one analysis, exactly what the
 * generated column and the old trigger gave; indexing only appends deltas, and folding them
 * (the worker's periodic duty) leaves the statistics equal to a count from scratch over the
 * chunks, through inserts, edits and deletes.
 */
describe('BM25 statistics write path (embedded)', () => {
  let m: MediumContainer;
  let texts: { title: string; text: string }[];

  beforeAll(async () => {
    // Fold only when a test says so: the worker runtime is not started here.
    m = await createMediumContainer();
    texts = (await loadCorpus()).filter((d) => d.text.length > 300).slice(0, 40);
  }, 120_000);

  afterAll(async () => {
    await m?.close();
  });

  const chunk = (docId: string, i: number, title: string, text: string) => textChunk(docId, i, ['Notes', title], text);

  async function indexDocument(ownerId: string, parts: { title: string; text: string }[], config = 'english') {
    const doc = await storeDocument(m.c, ownerId, { name: 'a.md', mimeType: 'text/markdown', bytes: Buffer.from(parts[0]!.text) });
    const chunks = parts.map((p, i) => chunk(doc.id, i, p.title, p.text));
    await m.c.db.transaction((tx) => replaceDocumentChunks(tx, doc, chunks, config));
    return { doc, chunks };
  }

  /** Folded statistics plus pending deltas, as a search reads them, without zero rows. */
  const readStats = (ownerId: string) =>
    queryRows<{ lexeme: string; df: string; len_head: string; len_body: string }>(
      m.c.db,
      sql`select lexeme, sum(df)::text as df, sum(len_head)::text as len_head, sum(len_body)::text as len_body from (
            select lexeme, df, len_head, len_body from bm25_term_stats where owner_id = ${ownerId}
            union all select lexeme, df, len_head, len_body from bm25_term_deltas where owner_id = ${ownerId}) s
          group by lexeme having sum(df) <> 0 or sum(len_head) <> 0 or sum(len_body) <> 0 order by lexeme`,
    );

  /** The same statistics counted from scratch over the owner's chunks. */
  const countStats = (ownerId: string) =>
    queryRows<{ lexeme: string; df: string; len_head: string; len_body: string }>(
      m.c.db,
      sql`select lexeme, sum(df)::text as df, sum(len_head)::text as len_head, sum(len_body)::text as len_body from (
            select c.ts_config::text || ' ' || u.lexeme as lexeme, count(*) as df, 0 as len_head, 0 as len_body
              from chunks c, unnest(c.search_vector) u where c.owner_id = ${ownerId} group by 1
            union all select c.ts_config::text, count(*), sum(c.len_head), sum(c.len_body) from chunks c where c.owner_id = ${ownerId} group by 1) s
          group by lexeme order by lexeme`,
    );

  const pendingRows = async (ownerId: string) =>
    Number(
      (await queryRows<{ n: string }>(m.c.db, sql`select count(*)::text as n from bm25_term_deltas where owner_id = ${ownerId}`))[0]!.n,
    );

  it('builds search_vector and the field lengths as the generated column and the old trigger did', async () => {
    const ownerId = await createOwner(m.c);
    await indexDocument(ownerId, texts.slice(0, 3), 'english');
    await indexDocument(ownerId, texts.slice(3, 5), 'simple');
    const rows = await queryRows<{ same: boolean; head: number; body: number; len_head: number; len_body: number }>(
      m.c.db,
      sql`select search_vector = setweight(to_tsvector(ts_config, docsphere_search_text(heading_text)), 'A')
                              || setweight(to_tsvector(ts_config, docsphere_search_text(text)), 'B') as same,
                 docsphere_token_count(to_tsvector(ts_config, docsphere_search_text(heading_text))) as head,
                 docsphere_token_count(to_tsvector(ts_config, docsphere_search_text(text))) as body, len_head, len_body
          from chunks where owner_id = ${ownerId}`,
    );
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      expect(r.same).toBe(true);
      expect([r.len_head, r.len_body]).toEqual([r.head, r.body]);
      expect(r.len_body).toBeGreaterThan(50);
      expect(r.len_head).toBeGreaterThan(0);
    }
  });

  it('appends deltas while indexing and folds them into exact statistics', async () => {
    const ownerId = await createOwner(m.c);
    const { doc, chunks } = await indexDocument(ownerId, texts.slice(5, 10));
    await indexDocument(ownerId, texts.slice(10, 14), 'simple');
    // Nothing folded yet: the indexing transactions only appended.
    expect(await pendingRows(ownerId)).toBeGreaterThan(100);
    const scratch = await countStats(ownerId);
    expect(scratch.find((r) => r.lexeme === 'english')?.df).toBe('5');
    expect(await readStats(ownerId)).toEqual(scratch);

    expect(await foldPendingBm25Statistics(m.c.db, 100, m.c.config.bm25, m.c.config.bm25ImpactListChunks)).toBeGreaterThanOrEqual(1);
    expect(await pendingRows(ownerId)).toBe(0);
    expect(await readStats(ownerId)).toEqual(scratch);

    // Reprocessing (a new generation): one chunk's text changes (update through ON CONFLICT keeps
    // the id; the trigger rebuilds the vector), one chunk goes, one comes; then a direct text edit.
    const next = [...chunks.slice(0, 3), chunk(doc.id, 3, 'New', texts[20]!.text)];
    await m.c.db.transaction((tx) => replaceDocumentChunks(tx, { ...doc, generation: doc.generation + 1 }, next, 'english'));
    const kept = await queryRows<{ id: string }>(m.c.db, sql`select id from chunks where document_id = ${doc.id} order by index`);
    expect(kept.map((r) => r.id)).toEqual(next.map((c) => c.id));
    await m.c.db.execute(sql`update chunks set text = ${texts[21]!.text}, heading_text = 'Edited' where id = ${next[0]!.id}`);
    const edited = await countStats(ownerId);
    expect(edited).not.toEqual(scratch);
    expect(await readStats(ownerId)).toEqual(edited);
    await foldPendingBm25Statistics(m.c.db, 100, m.c.config.bm25, m.c.config.bm25ImpactListChunks);
    expect(await readStats(ownerId)).toEqual(edited);

    // Deleting the document cascades to its chunks: only the other document's counts remain.
    await m.c.db.execute(sql`delete from documents where id = ${doc.id}`);
    await foldPendingBm25Statistics(m.c.db, 100, m.c.config.bm25, m.c.config.bm25ImpactListChunks);
    const left = await countStats(ownerId);
    expect(left.find((r) => r.lexeme === 'english')).toBeUndefined();
    expect(left.find((r) => r.lexeme === 'simple')?.df).toBe('4');
    expect(await readStats(ownerId)).toEqual(left);
  });

  it('the periodic duty folds what indexing appended', async () => {
    const ownerId = await createOwner(m.c);
    await indexDocument(ownerId, texts.slice(30, 33));
    const scratch = await countStats(ownerId);
    expect(await pendingRows(ownerId)).toBeGreaterThan(0);
    const duty = startBm25FoldDuty(m.c.db, 100, m.c.config.bm25, m.c.config.bm25ImpactListChunks, m.c.log);
    try {
      const deadline = Date.now() + 10_000;
      while ((await pendingRows(ownerId)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await duty.stop();
    }
    expect(await pendingRows(ownerId)).toBe(0);
    expect(await readStats(ownerId)).toEqual(scratch);
  });
});
