import type { Container } from '../../app/container.js';
import { findMemberCollections, type MemberCollection } from '../../db/repositories/collections-repo.js';
import type { CollectionRole } from '../../db/schema/index.js';
import { forbidden, notFound } from '../../errors.js';
import type { AuthUser } from '../auth/types.js';

const rank: Record<CollectionRole, number> = { VIEWER: 0, EDITOR: 1, OWNER: 2 };

/** Whether `role` includes everything `needed` may do (OWNER ⊃ EDITOR ⊃ VIEWER). */
export function roleAtLeast(role: CollectionRole, needed: CollectionRole): boolean {
  return rank[role] >= rank[needed];
}

/**
 * The collection with the caller's role, when they hold at least `needed`. A non-member gets
 * NOT_FOUND (whether the collection exists is none of their business); a member with too low a
 * role gets FORBIDDEN, since they can see it anyway.
 */
export async function requireCollectionRole(
  c: Container,
  user: AuthUser,
  collectionId: string,
  needed: CollectionRole,
): Promise<MemberCollection> {
  const [collection] = await findMemberCollections(c.db, user.id, [collectionId]);
  if (!collection) throw notFound('Collection');
  if (!roleAtLeast(collection.role, needed)) {
    throw forbidden(`This needs the ${needed} role in the collection; you are ${collection.role}`);
  }
  return collection;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can be a row's id (ids arrive from clients and go into uuid columns). */
export const isId = (id: string): boolean => UUID.test(id);

/** Ids arrive from clients; one that cannot be a row's id is NOT_FOUND, not a database error. */
export function requireId(id: string, what: string): string {
  if (!isId(id)) throw notFound(what);
  return id;
}
