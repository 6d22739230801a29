import type { DocumentKey, DocumentSort } from '../../db/repositories/documents-list-repo.js';
import type { DocumentSummary } from '../../db/repositories/documents-repo.js';
import { badInput } from '../../errors.js';

/**
 * Opaque keyset cursor shared by GraphQL `documents` and REST `GET /api/documents`, so a cursor
 * from one door works in the other. The newest-first cursor keeps its original shape
 * `[createdAt, id]` so cursors handed out before sorting existed still work; other sorts carry
 * their name, so a cursor cannot be replayed against a different order.
 */
export function encodeDocumentCursor(
  d: Pick<DocumentSummary, 'createdAt' | 'id' | 'filename' | 'sizeBytes'>,
  sort: DocumentSort = 'newest',
) {
  const parts =
    sort === 'newest' ? [d.createdAt.toISOString(), d.id] : sort === 'name' ? ['name', d.filename, d.id] : ['size', d.sizeBytes, d.id];
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeDocumentCursor(cursor: string, sort: DocumentSort = 'newest'): DocumentKey {
  const key = parse(cursor);
  if (!key) throw badInput('Invalid cursor', { field: 'after' });
  if (key.sort !== sort) throw badInput('This cursor belongs to another sort order', { field: 'after' });
  return key;
}

function parse(cursor: string): DocumentKey | null {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (!Array.isArray(parts)) return null;
    if (parts.length === 2) {
      const [at, id] = parts;
      const createdAt = new Date(String(at));
      return typeof at === 'string' && typeof id === 'string' && !Number.isNaN(createdAt.getTime())
        ? { sort: 'newest', createdAt, id }
        : null;
    }
    const [sort, value, id] = parts;
    if (typeof id !== 'string') return null;
    if (sort === 'name' && typeof value === 'string') return { sort, filename: value, id };
    if (sort === 'size' && typeof value === 'number' && Number.isFinite(value)) return { sort, sizeBytes: value, id };
    return null;
  } catch {
    return null;
  }
}
