import type { DocumentSummary } from '../../db/repositories/documents-repo.js';
import { badInput } from '../../errors.js';

/**
 * Opaque keyset cursor over (createdAt, id), shared by GraphQL `documents` and REST
 * `GET /api/documents`, so a cursor from one door works in the other.
 */
export const encodeDocumentCursor = (d: Pick<DocumentSummary, 'createdAt' | 'id'>) =>
  Buffer.from(JSON.stringify([d.createdAt.toISOString(), d.id])).toString('base64url');

export function decodeDocumentCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const createdAt = new Date(at);
    if (Number.isNaN(createdAt.getTime()) || typeof id !== 'string') throw new Error('bad cursor');
    return { createdAt, id };
  } catch {
    throw badInput('Invalid cursor', { field: 'after' });
  }
}
