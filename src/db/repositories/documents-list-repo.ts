import { and, asc, count, desc, eq, gt, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { documents, type DocumentStatus } from '../schema/index.js';
import { hasAllTags } from './document-metadata-repo.js';
import { summary, type DocumentSummary } from './documents-repo.js';
import { inMemberCollections, visibleDocuments } from './visibility.js';

/**
 * The caller's document list (own and shared with them): filtered, sorted and keyset-paginated. Every sort ends on the id,
 * so pages stay stable while rows are added and no row is skipped or repeated between pages.
 */

export interface DocumentFilter {
  status?: DocumentStatus[] | null;
  mimeTypes?: string[] | null;
  /** Case-insensitive substring of the filename. */
  filename?: string | null;
  /** Content hashes: lets a client skip files it has already uploaded. */
  sha256?: string[] | null;
  /** Only documents of these collections (ones the caller is a member of). */
  collectionIds?: string[] | null;
  /** Documents carrying every one of these tags (normalised by the service). */
  tags?: string[] | null;
}

/** newest: upload time, latest first; name: filename A-Z ignoring case; size: largest first. */
export type DocumentSort = 'newest' | 'name' | 'size';

/** The sort key of the last row of the previous page, and its id for ties. */
export type DocumentKey =
  | { sort: 'newest'; createdAt: Date; id: string }
  | { sort: 'name'; filename: string; id: string }
  | { sort: 'size'; sizeBytes: number; id: string };

export interface PageRequest {
  sort?: DocumentSort;
  /** Keyset cursor: the last row of the previous page, in the same sort. */
  after?: DocumentKey | null;
  limit: number;
}

function filterConditions(userId: string, filter: DocumentFilter): (SQL | undefined)[] {
  const conditions: (SQL | undefined)[] = [visibleDocuments(userId)];
  if (filter.collectionIds) conditions.push(inMemberCollections(userId, filter.collectionIds));
  if (filter.status?.length) conditions.push(inArray(documents.status, filter.status));
  if (filter.mimeTypes?.length) conditions.push(inArray(documents.mimeType, filter.mimeTypes));
  if (filter.filename) conditions.push(ilike(documents.filename, `%${escapeLike(filter.filename)}%`));
  if (filter.sha256?.length) conditions.push(inArray(documents.sha256, filter.sha256));
  if (filter.tags?.length) conditions.push(hasAllTags(filter.tags));
  return conditions;
}

const lowerName = sql`lower(${documents.filename})`;

function afterCondition(key: DocumentKey): SQL | undefined {
  switch (key.sort) {
    case 'newest':
      return or(lt(documents.createdAt, key.createdAt), and(eq(documents.createdAt, key.createdAt), lt(documents.id, key.id)));
    case 'name': {
      const name = sql`lower(${key.filename})`;
      return or(sql`${lowerName} > ${name}`, and(sql`${lowerName} = ${name}`, gt(documents.id, key.id)));
    }
    case 'size':
      return or(lt(documents.sizeBytes, key.sizeBytes), and(eq(documents.sizeBytes, key.sizeBytes), lt(documents.id, key.id)));
  }
}

function ordering(sort: DocumentSort): SQL[] {
  switch (sort) {
    case 'newest':
      return [desc(documents.createdAt), desc(documents.id)];
    case 'name':
      return [asc(lowerName), asc(documents.id)];
    case 'size':
      return [desc(documents.sizeBytes), desc(documents.id)];
  }
}

export async function listVisibleDocuments(
  ex: Executor,
  userId: string,
  filter: DocumentFilter,
  page: PageRequest,
): Promise<DocumentSummary[]> {
  const sort = page.sort ?? 'newest';
  const conditions = filterConditions(userId, filter);
  if (page.after) conditions.push(afterCondition(page.after));
  return ex
    .select(summary)
    .from(documents)
    .where(and(...conditions))
    .orderBy(...ordering(sort))
    .limit(page.limit);
}

/** How many documents the filter matches across all pages (the list's "N documents"). */
export async function countVisibleDocuments(ex: Executor, userId: string, filter: DocumentFilter): Promise<number> {
  const [row] = await ex
    .select({ n: count() })
    .from(documents)
    .where(and(...filterConditions(userId, filter)));
  return Number(row?.n ?? 0);
}

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}
