import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { ErrorCode } from '../../errors.js';
import { documents, type DocumentRow } from '../schema/index.js';
import { visibleDocuments } from './visibility.js';

/**
 * Document access. Every read that answers a user takes the user's id and applies the one
 * visibility rule (own documents plus those of their collections, `visibility.ts`), so a caller
 * cannot fetch anyone else's document by guessing an id; the unscoped reads below are for the
 * pipeline only.
 */

/** Columns for lists and lookups: the (possibly large) Markdown and text are loaded on demand. */
export const summary = {
  id: documents.id,
  ownerId: documents.ownerId,
  filename: documents.filename,
  mimeType: documents.mimeType,
  sizeBytes: documents.sizeBytes,
  sha256: documents.sha256,
  storageKey: documents.storageKey,
  status: documents.status,
  priority: documents.priority,
  stage: documents.stage,
  progress: documents.progress,
  generation: documents.generation,
  options: documents.options,
  errorCode: documents.errorCode,
  errorMessage: documents.errorMessage,
  title: documents.title,
  pageCount: documents.pageCount,
  language: documents.language,
  metadata: documents.metadata,
  titleOverride: documents.titleOverride,
  tags: documents.tags,
  customFields: documents.customFields,
  pages: documents.pages,
  createdAt: documents.createdAt,
  updatedAt: documents.updatedAt,
};

export type DocumentSummary = Omit<DocumentRow, 'markdown' | 'plainText'>;

/** The documents among `ids` that `userId` may see (own or shared with them). */
export async function findVisibleDocuments(ex: Executor, userId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return ex
    .select(summary)
    .from(documents)
    .where(and(visibleDocuments(userId), inArray(documents.id, [...ids])));
}

export async function findVisibleDocument(ex: Executor, userId: string, id: string) {
  const [row] = await findVisibleDocuments(ex, userId, [id]);
  return row ?? null;
}

export async function findOwnedBySha(ex: Executor, ownerId: string, sha256: string) {
  const [row] = await ex
    .select(summary)
    .from(documents)
    .where(and(eq(documents.ownerId, ownerId), eq(documents.sha256, sha256)));
  return row ?? null;
}

export async function loadDocumentContent(ex: Executor, userId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return ex
    .select({ id: documents.id, markdown: documents.markdown, plainText: documents.plainText })
    .from(documents)
    .where(and(visibleDocuments(userId), inArray(documents.id, [...ids])));
}

/**
 * Pipeline only: the job knows the document id, not the user. Without the Markdown and text: a
 * job converts again from the original, so a reprocessed document's old content is not read.
 */
export async function findDocumentForPipeline(ex: Executor, id: string): Promise<DocumentSummary | null> {
  const [row] = await ex.select(summary).from(documents).where(eq(documents.id, id));
  return row ?? null;
}

/** Pipeline only: the generation a running job compares with its own to notice a cancel or reprocess. */
export async function findDocumentGeneration(ex: Executor, id: string): Promise<number | null> {
  const [row] = await ex.select({ generation: documents.generation }).from(documents).where(eq(documents.id, id));
  return row?.generation ?? null;
}

/**
 * Updates a document only while it is still at `generation`: a job whose document has been
 * reprocessed or deleted meanwhile gets null back and must stop. Returns the row without its
 * Markdown and text: every state change answers with it, and none of them reads the content
 * back (a stage that needs it has it in hand), so copying it out of the database is waste.
 */
export async function updateAtGeneration(
  ex: Executor,
  id: string,
  generation: number,
  patch: Partial<Omit<DocumentRow, 'id' | 'ownerId' | 'createdAt'>>,
): Promise<DocumentSummary | null> {
  const [row] = await ex
    .update(documents)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(documents.id, id), eq(documents.generation, generation)))
    .returning(summary);
  return row ?? null;
}

/**
 * Deletes a document (its chunks and collection entries go by cascade); null when there was none.
 * The caller has checked the user's right to (`documentAccess` OWNER or EDITOR).
 */
export async function deleteDocumentById(ex: Executor, id: string): Promise<DocumentRow | null> {
  const [row] = await ex.delete(documents).where(eq(documents.id, id)).returning();
  return row ?? null;
}

/**
 * Marks the document FAILED with code CANCELLED and bumps its generation, but only while
 * it is still at `generation` and unfinished: null when it finished or moved on meanwhile.
 */
export async function cancelAtGeneration(ex: Executor, id: string, generation: number): Promise<DocumentRow | null> {
  const [row] = await ex
    .update(documents)
    .set({
      generation: generation + 1,
      status: 'FAILED',
      errorCode: ErrorCode.CANCELLED,
      errorMessage: 'Processing was cancelled',
      updatedAt: sql`now()`,
    })
    .where(and(eq(documents.id, id), eq(documents.generation, generation), inArray(documents.status, ['QUEUED', 'PROCESSING'])))
    .returning();
  return row ?? null;
}
