import DataLoader from 'dataloader';
import type { Container } from '../app/container.js';
import { getDocumentContents, getDocuments } from '../services/documents/documents-service.js';
import type { DocumentSummary } from '../services/documents/types.js';
import type { AuthUser } from '../services/auth/types.js';
import { collectionsOf, getCollections } from '../services/collections/collections-service.js';
import type { MemberCollection } from '../db/repositories/collections-repo.js';

export interface Loaders {
  document: DataLoader<string, DocumentSummary | null>;
  content: DataLoader<string, { markdown: string | null; plainText: string | null } | null>;
  collection: DataLoader<string, MemberCollection | null>;
  /** The caller's collections holding a document. */
  collectionsOfDocument: DataLoader<string, MemberCollection[]>;
}

/** Loaders are bound to the caller: a batch only ever holds what the caller may see. */
export function createLoaders(c: Container, user: AuthUser | null): Loaders {
  const ownerId = user?.id;
  const byId = <T extends { id: string }>(ids: readonly string[], rows: T[]) => {
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  };
  return {
    document: new DataLoader(async (ids) => (ownerId ? byId(ids, await getDocuments(c, ownerId, ids)) : ids.map(() => null))),
    content: new DataLoader(async (ids) => (ownerId ? byId(ids, await getDocumentContents(c, ownerId, ids)) : ids.map(() => null))),
    collection: new DataLoader(async (ids) => (ownerId ? byId(ids, await getCollections(c, ownerId, ids)) : ids.map(() => null))),
    collectionsOfDocument: new DataLoader(async (ids) => {
      const rows = ownerId ? await collectionsOf(c, ownerId, ids) : [];
      return ids.map((id) => rows.filter((r) => r.documentId === id));
    }),
  };
}
