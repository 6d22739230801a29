import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deploy, servicesAvailable, type Deployment } from '../helpers/modes.js';

/**
 * BM25 statistics scopes (migration 0017) under concurrent writers on PostgreSQL, where an
 * indexing transaction and a sharing change really overlap: a chunk written while its document
 * joins a collection must end in the collection's scope whichever commits first (the document's
 * scope lock orders them), and the kept statistics must equal a recount from the chunks. The
 * statements are the ones the pipeline and the collections service send; no server code runs here
 * beyond the migrations (applied by a deployment).
 */
describe.skipIf(!servicesAvailable())('BM25 statistics scopes under concurrency (services)', () => {
  let d: Deployment;
  let owner: postgres.Sql;
  let a: postgres.Sql;
  let b: postgres.Sql;
  let userId: string;
  let collectionId: string;

  async function newDocument(): Promise<string> {
    const id = randomUUID();
    await owner`insert into documents (id, owner_id, filename, mime_type, size_bytes, sha256, storage_key, status, language, markdown)
      values (${id}, ${userId}, 'n.md', 'text/markdown', 10, ${randomUUID()}, ${randomUUID()}, 'INDEXED', 'en', '')`;
    return id;
  }

  const insertChunk = (tx: postgres.Sql, documentId: string, text: string) =>
    tx`insert into chunks (id, document_id, owner_id, index, content, text, char_start, char_end, token_count)
      values (${randomUUID()}, ${documentId}, ${userId}, 0, ${text}, ${text}, 0, ${text.length}, 5)`;

  /** The scope the document's chunks must be in: the bm25_scopes row of (owner, [collection]). */
  const collectionScope = async () =>
    (await owner`select id from bm25_scopes where owner_id = ${userId} and collection_ids = ${[collectionId]}::uuid[]`)[0]?.id as string;
  const scopesOf = async (documentId: string) =>
    (await owner`select distinct stats_scope from chunks where document_id = ${documentId}`).map((r) => r.stats_scope as string | null);

  /** Keys whose kept df (folded plus pending) differs from a recount over the user's chunks, in one snapshot. */
  const drift = () =>
    owner.begin('isolation level repeatable read', async (tx) => {
      const rows = await tx`
        with scopes as (select ${userId}::uuid as id union select id from bm25_scopes where owner_id = ${userId}),
        counted as (
          select coalesce(c.stats_scope, c.owner_id) as scope, c.ts_config::text || ' ' || u.lexeme as key, count(*)::bigint as df
          from chunks c, unnest(c.search_vector) u where c.owner_id = ${userId} group by 1, 2
          union all
          select coalesce(c.stats_scope, c.owner_id), c.ts_config::text, count(*)::bigint from chunks c where c.owner_id = ${userId} group by 1, 2
        ),
        kept as (
          select x.owner_id as scope, x.lexeme as key, sum(x.df)::bigint as df
          from (select owner_id, lexeme, df from bm25_term_stats union all select owner_id, lexeme, df from bm25_term_deltas) x
          where x.owner_id in (select id from scopes) group by 1, 2 having sum(x.df) <> 0
        )
        select * from ((select * from counted except select * from kept) union all (select * from kept except select * from counted)) diff`;
      return rows.length;
    });

  beforeAll(async () => {
    d = await deploy('services');
    const url = inject('services')!.databaseUrl;
    [owner, a, b] = [1, 2, 3].map(() => postgres(url, { max: 1, onnotice: () => {} })) as [postgres.Sql, postgres.Sql, postgres.Sql];
    userId = randomUUID();
    collectionId = randomUUID();
    await owner`insert into users (id, email, password_hash) values (${userId}, ${`scopes-${userId}@example.com`}, 'x')`;
    await owner`insert into collections (id, name, created_by, owner_id) values (${collectionId}, 'Team', ${userId}, ${userId})`;
    await owner`insert into collection_members (collection_id, user_id, role) values (${collectionId}, ${userId}, 'OWNER')`;
  });

  afterAll(async () => {
    await Promise.all([owner, a, b].map((s) => s?.end()));
    await d?.stop();
  });

  it('moves chunks an indexing transaction wrote before the document joined a collection', async () => {
    const doc = await newDocument();
    const indexing = await a.reserve();
    const sharing = await b.reserve();
    try {
      await indexing`begin`;
      await insertChunk(indexing, doc, 'garden soil needs water');
      await sharing`begin`;
      let joined = false;
      const join =
        sharing`insert into collection_documents (collection_id, document_id, added_by) values (${collectionId}, ${doc}, ${userId})`.then(
          () => (joined = true),
        );
      await new Promise((r) => setTimeout(r, 300));
      expect(joined).toBe(false); // waits for the indexing transaction's scope lock
      await insertChunk(indexing, doc, 'water the garden twice');
      await indexing`commit`;
      await join;
      await sharing`commit`;
    } finally {
      indexing.release();
      sharing.release();
    }
    expect(await scopesOf(doc)).toEqual([await collectionScope()]);
    expect(await drift()).toBe(0);
  });

  it('puts chunks written while the document joins a collection in its scope', async () => {
    const doc = await newDocument();
    const indexing = await a.reserve();
    const sharing = await b.reserve();
    try {
      await sharing`begin`;
      await sharing`insert into collection_documents (collection_id, document_id, added_by) values (${collectionId}, ${doc}, ${userId})`;
      await indexing`begin`;
      let written = false;
      const write = insertChunk(indexing, doc, 'compost keeps soil moist').then(() => (written = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(written).toBe(false); // waits for the sharing transaction's scope lock
      await sharing`commit`;
      await write;
      await indexing`commit`;
    } finally {
      indexing.release();
      sharing.release();
    }
    expect(await scopesOf(doc)).toEqual([await collectionScope()]);
    // Leaving the collection brings the chunks back to the owner's own scope, counts and all.
    await owner`delete from collection_documents where document_id = ${doc}`;
    expect(await scopesOf(doc)).toEqual([null]);
    expect(await drift()).toBe(0);
  });
});
