import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { collectionRole, type CollectionRole } from '../db/schema/index.js';
import type { MemberCollection, MemberView } from '../db/repositories/collections-repo.js';
import { requireId } from '../services/collections/collection-access.js';
import {
  changeMemberRole,
  inviteMember,
  leaveCollection,
  membersOf,
  removeMember,
  transferOwnership,
} from '../services/collections/collection-members.js';
import {
  addDocumentsToCollection,
  countCollections,
  countDocumentsIn,
  createCollection,
  deleteCollection,
  listCollections,
  moveDocuments,
  removeDocumentsFromCollection,
  updateCollection,
} from '../services/collections/collections-service.js';
import { builder } from './builder.js';
import { DocumentRef } from './document.js';
import { UserRef } from './user.js';

/** The document IDs of an add/remove/move, each checked to be a Document ID. */
const documentIdsOf = (ids: readonly { id: string }[]) => ids.map((d) => requireId(d.id, 'Document'));

export const CollectionRoleEnum = builder.enumType('CollectionRole', {
  description:
    'VIEWER reads, searches and subscribes; EDITOR also adds, removes, reprocesses and deletes documents; OWNER also manages members and settings and may delete the collection.',
  values: collectionRole.enumValues,
});

const CollectionMemberRef = builder.objectRef<MemberView>('CollectionMember').implement({
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (m) => ({ id: m.userId, email: m.email }) }),
    role: t.field({ type: CollectionRoleEnum, resolve: (m) => m.role }),
    since: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const CollectionRef = builder.objectRef<MemberCollection>('Collection');

builder.node(CollectionRef, {
  description: 'A team knowledge base: documents shared with its members. Documents keep their owner.',
  id: { resolve: (c) => c.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.collection.load(id))),
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'role' in v && 'createdBy' in v,
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    myRole: t.field({ type: CollectionRoleEnum, description: 'Your role in it.', resolve: (c) => c.role }),
    members: t.field({ type: [CollectionMemberRef], resolve: (c, _a, ctx) => membersOf(ctx.c, ctx.user!, c.id) }),
    documentCount: t.int({
      description: 'List them with `documents(filter: { collectionIds: [id] })`.',
      resolve: (c, _a, ctx) => countDocumentsIn(ctx.c, c.id),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.objectField(DocumentRef, 'collections', (t) =>
  t.field({
    type: [CollectionRef],
    description: 'Your collections that hold this document.',
    resolve: (d, _a, ctx) => ctx.loaders.collectionsOfDocument.load(d.id),
  }),
);

builder.queryFields((t) => ({
  collections: t.withAuth({ user: true }).connection(
    {
      type: CollectionRef,
      description: 'The collections you are a member of (any role), by name.',
      resolve: async (_root, args, ctx) => {
        const connection = await resolveOffsetConnection({ args, defaultSize: 50, maxSize: 200 }, ({ offset, limit }) =>
          listCollections(ctx.c, ctx.user, offset, limit),
        );
        return Object.assign(connection, { count: () => countCollections(ctx.c, ctx.user) });
      },
    },
    {
      name: 'CollectionConnection',
      fields: (t) => ({
        totalCount: t.int({ resolve: (c) => (c as unknown as { count: () => Promise<number> }).count() }),
      }),
    },
    { name: 'CollectionEdge' },
  ),
}));

const CreateCollectionInput = builder.inputType('CreateCollectionInput', {
  fields: (t) => ({ name: t.string({ required: true }), description: t.string() }),
});
const UpdateCollectionInput = builder.inputType('UpdateCollectionInput', {
  fields: (t) => ({ name: t.string(), description: t.string() }),
});

const DeletedPayload = builder.objectRef<{ id: string }>('DeleteCollectionPayload').implement({
  fields: (t) => ({ deletedId: t.globalID({ resolve: (p) => ({ type: 'Collection', id: p.id }) }) }),
});
const LeftPayload = builder.objectRef<{ id: string }>('LeaveCollectionPayload').implement({
  fields: (t) => ({ collectionId: t.globalID({ resolve: (p) => ({ type: 'Collection', id: p.id }) }) }),
});

const collectionArg = (t: Parameters<Parameters<typeof builder.mutationFields>[0]>[0]) =>
  t.arg.globalID({ required: true, for: CollectionRef });
const documentsArg = (t: Parameters<Parameters<typeof builder.mutationFields>[0]>[0]) =>
  t.arg.globalIDList({ required: true, for: DocumentRef });

builder.mutationFields((t) => ({
  createCollection: t.withAuth({ user: true }).field({
    type: CollectionRef,
    description: 'Creates a collection; you are its OWNER.',
    args: { input: t.arg({ type: CreateCollectionInput, required: true }) },
    resolve: (_r, { input }, ctx) => createCollection(ctx.c, ctx.user, input),
  }),
  updateCollection: t.withAuth({ user: true }).field({
    type: CollectionRef,
    description: 'Renames or re-describes a collection (OWNER).',
    args: { id: collectionArg(t), input: t.arg({ type: UpdateCollectionInput, required: true }) },
    resolve: (_r, args, ctx) => updateCollection(ctx.c, ctx.user, requireId(args.id.id, 'Collection'), args.input),
  }),
  deleteCollection: t.withAuth({ user: true }).field({
    type: DeletedPayload,
    description:
      'Deletes a collection and its memberships (OWNER). Its documents are not deleted: they stay with their owners, and members lose access to those they do not own.',
    args: { id: collectionArg(t) },
    resolve: (_r, args, ctx) => deleteCollection(ctx.c, ctx.user, requireId(args.id.id, 'Collection')),
  }),
  addDocumentsToCollection: t.withAuth({ user: true }).field({
    type: CollectionRef,
    description: 'Adds documents you own to a collection (EDITOR or OWNER). Adding one already there is a no-op.',
    args: { collectionId: collectionArg(t), documentIds: documentsArg(t) },
    resolve: (_r, args, ctx) =>
      addDocumentsToCollection(ctx.c, ctx.user, requireId(args.collectionId.id, 'Collection'), documentIdsOf(args.documentIds)),
  }),
  removeDocumentsFromCollection: t.withAuth({ user: true }).field({
    type: CollectionRef,
    description: 'Takes documents out of a collection (EDITOR or OWNER); they stay with their owners.',
    args: { collectionId: collectionArg(t), documentIds: documentsArg(t) },
    resolve: (_r, args, ctx) =>
      removeDocumentsFromCollection(ctx.c, ctx.user, requireId(args.collectionId.id, 'Collection'), documentIdsOf(args.documentIds)),
  }),
  moveDocuments: t.withAuth({ user: true }).field({
    type: CollectionRef,
    description: 'Moves documents you own from one collection to another (EDITOR or OWNER of both); answers the target.',
    args: { fromCollectionId: collectionArg(t), toCollectionId: collectionArg(t), documentIds: documentsArg(t) },
    resolve: (_r, args, ctx) =>
      moveDocuments(
        ctx.c,
        ctx.user,
        requireId(args.fromCollectionId.id, 'Collection'),
        requireId(args.toCollectionId.id, 'Collection'),
        documentIdsOf(args.documentIds),
      ),
  }),
  inviteCollectionMember: t.withAuth({ user: true }).field({
    type: CollectionRef,
    description: 'Adds an existing user, by e-mail, as VIEWER or EDITOR (OWNER of the collection only).',
    args: {
      collectionId: collectionArg(t),
      email: t.arg.string({ required: true }),
      role: t.arg({ type: CollectionRoleEnum, defaultValue: 'VIEWER' }),
    },
    resolve: (_r, args, ctx) =>
      inviteMember(ctx.c, ctx.user, requireId(args.collectionId.id, 'Collection'), args.email, (args.role ?? 'VIEWER') as CollectionRole),
  }),
  changeCollectionMemberRole: t.withAuth({ user: true }).field({
    type: CollectionRef,
    args: {
      collectionId: collectionArg(t),
      userId: t.arg.id({ required: true }),
      role: t.arg({ type: CollectionRoleEnum, required: true }),
    },
    resolve: (_r, args, ctx) =>
      changeMemberRole(ctx.c, ctx.user, requireId(args.collectionId.id, 'Collection'), requireId(args.userId, 'Member'), args.role),
  }),
  removeCollectionMember: t.withAuth({ user: true }).field({
    type: CollectionRef,
    description: 'Removes a member (OWNER); their access ends at once, live subscriptions included.',
    args: { collectionId: collectionArg(t), userId: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) =>
      removeMember(ctx.c, ctx.user, requireId(args.collectionId.id, 'Collection'), requireId(args.userId, 'Member')),
  }),
  leaveCollection: t.withAuth({ user: true }).field({
    type: LeftPayload,
    description: 'Leaves a collection. The owner cannot leave: transfer ownership first.',
    args: { collectionId: collectionArg(t) },
    resolve: (_r, args, ctx) => leaveCollection(ctx.c, ctx.user, requireId(args.collectionId.id, 'Collection')),
  }),
  transferCollectionOwnership: t.withAuth({ user: true }).field({
    type: CollectionRef,
    description: 'Makes another member the OWNER; you stay as EDITOR.',
    args: { collectionId: collectionArg(t), userId: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) =>
      transferOwnership(ctx.c, ctx.user, requireId(args.collectionId.id, 'Collection'), requireId(args.userId, 'Member')),
  }),
}));
