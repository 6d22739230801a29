import type { Container } from '../../app/container.js';
import { deleteMember, insertMember, listMembers, setMemberRole, updateCollectionRow } from '../../db/repositories/collections-repo.js';
import { findUserByEmail } from '../../db/repositories/users-repo.js';
import type { CollectionRole } from '../../db/schema/index.js';
import { badInput, notFound } from '../../errors.js';
import { audit } from '../auth/audit-log.js';
import type { AuthUser } from '../auth/types.js';
import { requireCollectionRole } from './collection-access.js';

/**
 * Sharing: who is a member of a collection and in which role. Only the OWNER changes
 * membership; anyone may leave (except the owner, who transfers ownership first, so a
 * collection always has exactly one owner). Every change is written to the audit log. Access
 * follows membership at once: every read checks the membership rows, and a live subscription
 * re-checks each event (services/events), so a removed member stops receiving immediately.
 */

/** Roles an owner can give; OWNER passes only through `transferOwnership`. */
type GrantableRole = Exclude<CollectionRole, 'OWNER'>;

function grantable(role: CollectionRole): GrantableRole {
  if (role === 'OWNER') throw badInput('Use transferCollectionOwnership to make someone the owner');
  return role;
}

/** The members of a collection the caller belongs to (any role). */
export async function membersOf(c: Container, user: AuthUser, collectionId: string) {
  await requireCollectionRole(c, user, collectionId, 'VIEWER');
  return listMembers(c.db, collectionId);
}

/** Adds an existing user by e-mail. An unknown address is NOT_FOUND; a member already there is BAD_USER_INPUT. */
export async function inviteMember(c: Container, user: AuthUser, collectionId: string, email: string, role: CollectionRole) {
  const granted = grantable(role);
  const collection = await requireCollectionRole(c, user, collectionId, 'OWNER');
  const invitee = await findUserByEmail(c.db, email.trim().toLowerCase());
  if (!invitee) throw notFound('User');
  if (!(await insertMember(c.db, collectionId, invitee.id, granted))) throw badInput('That user is already a member');
  await audit(c, {
    userId: user.id,
    action: 'COLLECTION_MEMBER_ADDED',
    details: { collectionId, memberId: invitee.id, role: granted },
  });
  return collection;
}

export async function changeMemberRole(c: Container, user: AuthUser, collectionId: string, memberId: string, role: CollectionRole) {
  const granted = grantable(role);
  const collection = await requireCollectionRole(c, user, collectionId, 'OWNER');
  if (memberId === user.id) throw badInput('The owner keeps the OWNER role; transfer ownership instead');
  if (!(await setMemberRole(c.db, collectionId, memberId, granted))) throw notFound('Member');
  await audit(c, { userId: user.id, action: 'COLLECTION_MEMBER_ROLE_CHANGED', details: { collectionId, memberId, role: granted } });
  return collection;
}

export async function removeMember(c: Container, user: AuthUser, collectionId: string, memberId: string) {
  const collection = await requireCollectionRole(c, user, collectionId, 'OWNER');
  if (memberId === user.id) throw badInput('The owner cannot be removed; transfer ownership or delete the collection');
  if (!(await deleteMember(c.db, collectionId, memberId))) throw notFound('Member');
  await audit(c, { userId: user.id, action: 'COLLECTION_MEMBER_REMOVED', details: { collectionId, memberId } });
  return collection;
}

/** The caller leaves a collection; the owner must transfer ownership first. */
export async function leaveCollection(c: Container, user: AuthUser, collectionId: string): Promise<{ id: string }> {
  const collection = await requireCollectionRole(c, user, collectionId, 'VIEWER');
  if (collection.role === 'OWNER') throw badInput('The owner cannot leave; transfer ownership or delete the collection');
  if (!(await deleteMember(c.db, collectionId, user.id))) throw notFound('Collection');
  await audit(c, { userId: user.id, action: 'COLLECTION_LEFT', details: { collectionId } });
  return { id: collectionId };
}

/**
 * Makes another member the owner; the previous owner stays as EDITOR. One transaction, in the
 * order row-level security needs: member rows while the caller still owns the collection, the
 * collection's owner last.
 */
export async function transferOwnership(c: Container, user: AuthUser, collectionId: string, memberId: string) {
  const collection = await requireCollectionRole(c, user, collectionId, 'OWNER');
  if (memberId === user.id) throw badInput('You already own this collection');
  const row = await c.db.transaction(async (tx) => {
    if (!(await setMemberRole(tx, collectionId, memberId, 'OWNER'))) throw notFound('Member');
    await setMemberRole(tx, collectionId, user.id, 'EDITOR');
    return updateCollectionRow(tx, collectionId, { ownerId: memberId });
  });
  if (!row) throw notFound('Collection');
  await audit(c, { userId: user.id, action: 'COLLECTION_OWNERSHIP_TRANSFERRED', details: { collectionId, from: user.id, to: memberId } });
  return { ...collection, ...row, role: 'EDITOR' as const };
}
