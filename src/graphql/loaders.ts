import DataLoader from 'dataloader';
import type { Container } from '../app/container.js';
import { getDocumentContents, getDocuments } from '../services/documents/documents-service.js';
import type { DocumentSummary } from '../services/documents/types.js';
import type { AuthUser } from '../services/auth/types.js';

export interface Loaders {
  document: DataLoader<string, DocumentSummary | null>;
  content: DataLoader<string, { markdown: string | null; plainText: string | null } | null>;
}

/** Loaders are bound to the caller: a batch can only ever contain the caller's own documents. */
export function createLoaders(c: Container, user: AuthUser | null): Loaders {
  const ownerId = user?.id;
  const byId = <T extends { id: string }>(ids: readonly string[], rows: T[]) => {
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  };
  return {
    document: new DataLoader(async (ids) => (ownerId ? byId(ids, await getDocuments(c, ownerId, ids)) : ids.map(() => null))),
    content: new DataLoader(async (ids) => (ownerId ? byId(ids, await getDocumentContents(c, ownerId, ids)) : ids.map(() => null))),
  };
}
