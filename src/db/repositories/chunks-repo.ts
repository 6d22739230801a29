import { and, asc, count, eq, notInArray, sql } from 'drizzle-orm';
import type { Chunk } from '../../chunker/types.js';
import type { Executor } from '../client.js';
import { chunks, FIRST_GENERATION } from '../schema/index.js';

const INSERT_BATCH = 500;

/**
 * Makes the stored chunks of a document exactly `next`. Chunk ids are content hashes, so an
 * unchanged chunk is updated in place (its position may move) and a re-run of the same job
 * leaves one copy of everything: the write is idempotent by construction.
 *
 * At the document's first generation there is nothing to delete, and the delete is skipped (a
 * statement less per new document): chunks are written only here, in the transaction that
 * makes the document INDEXED, and a job for an INDEXED document does nothing, so before that
 * commit the document has no chunks, and after it only a reprocess (a new generation) writes
 * them again. Two copies of one job racing (a queue's at-least-once delivery) cut the same bytes
 * into the same chunks, whose ids the upsert below reconciles.
 */
export async function replaceDocumentChunks(
  ex: Executor,
  doc: { id: string; ownerId: string; generation: number },
  next: readonly Chunk[],
  tsConfig: string,
): Promise<void> {
  const ids = next.map((c) => c.id);
  if (doc.generation !== FIRST_GENERATION) {
    await ex
      .delete(chunks)
      .where(ids.length ? and(eq(chunks.documentId, doc.id), notInArray(chunks.id, ids)) : eq(chunks.documentId, doc.id));
  }
  for (let i = 0; i < next.length; i += INSERT_BATCH) {
    const rows = next.slice(i, i + INSERT_BATCH).map((c) => ({
      id: c.id,
      documentId: doc.id,
      ownerId: doc.ownerId,
      index: c.index,
      content: c.content,
      text: c.text,
      headings: c.headings,
      headingText: c.headings.join(' › '),
      pageStart: c.pageStart,
      pageEnd: c.pageEnd,
      charStart: c.charStart,
      charEnd: c.charEnd,
      tokenCount: c.tokenCount,
      boxes: c.boxes,
      tsConfig,
    }));
    await ex
      .insert(chunks)
      .values(rows)
      .onConflictDoUpdate({
        target: chunks.id,
        set: {
          index: sql`excluded.index`,
          headings: sql`excluded.headings`,
          headingText: sql`excluded.heading_text`,
          pageStart: sql`excluded.page_start`,
          pageEnd: sql`excluded.page_end`,
          charStart: sql`excluded.char_start`,
          charEnd: sql`excluded.char_end`,
          boxes: sql`excluded.boxes`,
          tsConfig: sql`excluded.ts_config`,
        },
      });
  }
}

export async function listDocumentChunks(ex: Executor, ownerId: string, documentId: string, offset: number, limit: number) {
  return ex
    .select()
    .from(chunks)
    .where(and(eq(chunks.ownerId, ownerId), eq(chunks.documentId, documentId)))
    .orderBy(asc(chunks.index))
    .offset(offset)
    .limit(limit);
}

export async function countDocumentChunks(ex: Executor, ownerId: string, documentId: string) {
  const [row] = await ex
    .select({ n: count() })
    .from(chunks)
    .where(and(eq(chunks.ownerId, ownerId), eq(chunks.documentId, documentId)));
  return Number(row?.n ?? 0);
}
