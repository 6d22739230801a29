/**
 * The shared layout of the search bench (issue 17: "10 collections and 3 users shows no regression
 * against the single-owner figures"). After the single-owner bulk load, the documents are spread
 * over three owners (the bench user keeps a third) and ten collections, owned in turn by the three
 * users, each user a member of all ten; every document is in one collection and every seventh in a
 * second. So the bench user sees exactly the chunks of the single-owner layout, and the same
 * queries over the same chunks must come back with the same exact BM25 top 10, now counted over
 * about 30 statistics scopes, filtered by membership, with the row-level-security policies of
 * three tenants. Runs with every trigger on, as sharing does in the product: ownership changes
 * move the statistics, collection_documents inserts move chunks between scopes.
 */
import { randomUUID } from 'node:crypto';
import type { Bm25Params } from '../src/search/types.js';

type Exec = (sql: string, params: unknown[]) => Promise<unknown>;

export const SHARED_USERS = 3;
export const SHARED_COLLECTIONS = 10;

/** Spreads the owner's documents over three users and ten collections (see the file comment). */
export async function shareAcrossUsers(
  exec: Exec,
  ownerId: string,
  docIds: string[],
  passwordHash: string,
  bm25: Bm25Params,
  listChunks: number,
  log: (m: string) => void,
) {
  const t = performance.now();
  const users = [ownerId];
  for (let u = 1; u < SHARED_USERS; u++) {
    const id = randomUUID();
    await exec('insert into users (id, email, password_hash) values ($1, $2, $3)', [id, `bench-${u}@example.com`, passwordHash]);
    users.push(id);
  }
  const collections: string[] = [];
  for (let c = 0; c < SHARED_COLLECTIONS; c++) {
    const id = randomUUID();
    const owner = users[c % SHARED_USERS]!;
    await exec('insert into collections (id, name, created_by, owner_id) values ($1, $2, $3, $3)', [id, `Team ${c + 1}`, owner]);
    for (const u of users) {
      await exec('insert into collection_members (collection_id, user_id, role) values ($1, $2, $3)', [
        id,
        u,
        u === owner ? 'OWNER' : 'VIEWER',
      ]);
    }
    collections.push(id);
  }
  // Owners first (chunks and documents), so each document then joins its collections once.
  for (let u = 1; u < SHARED_USERS; u++) {
    const mine = docIds.filter((_, i) => i % SHARED_USERS === u);
    await exec('update documents set owner_id = $1 where id = any($2::uuid[])', [users[u], mine]);
    await exec('update chunks set owner_id = $1 where document_id = any($2::uuid[])', [users[u], mine]);
  }
  for (let c = 0; c < SHARED_COLLECTIONS; c++) {
    const members = docIds.filter((_, i) => i % SHARED_COLLECTIONS === c || (i % 7 === 0 && (i + 3) % SHARED_COLLECTIONS === c));
    for (let i = 0; i < members.length; i += 2000) {
      await exec(
        `insert into collection_documents (collection_id, document_id, added_by)
         select $1, d.id, d.owner_id from documents d where d.id = any($2::uuid[])`,
        [collections[c], members.slice(i, i + 2000)],
      );
    }
  }
  // What the worker role's periodic duty does in a deployment (the bench runs no worker): fold the
  // deltas the moves appended, so searches read folded statistics as on a settled system.
  while (
    Number(
      (
        (await exec('select docsphere_bm25_fold_pending(1000, $1, $2, $3, $4) as n', [
          bm25.k1,
          bm25.b,
          bm25.headingWeight,
          listChunks,
        ])) as { n: number }[]
      )[0]!.n,
    ) >= 1000
  );
  // The moves rewrote every chunk row (owner, scope): rewrite the table and its indexes compactly,
  // as a database that got its documents through uploads into collections would be laid out.
  await exec('vacuum full analyze chunks', []);
  await exec('vacuum analyze', []);
  log(`  shared over ${SHARED_USERS} users and ${SHARED_COLLECTIONS} collections: ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
