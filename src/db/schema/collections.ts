import { index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { documents } from './documents.js';
import { users } from './users.js';

/**
 * VIEWER reads, searches and subscribes; EDITOR also adds, removes, reprocesses and deletes the
 * collection's documents; OWNER also manages members and settings and may delete the collection.
 * Exactly one member is OWNER, and it is always `collections.owner_id` (kept together by
 * `transferCollectionOwnership`), so row-level security can check ownership without a join.
 */
export const collectionRole = pgEnum('collection_role', ['VIEWER', 'EDITOR', 'OWNER']);
export type CollectionRole = (typeof collectionRole.enumValues)[number];

/**
 * A team knowledge base: a named set of documents shared with members. Documents keep their
 * owner; a collection only grants its members access to them, so deleting a collection deletes
 * no document.
 */
export const collections = pgTable(
  'collections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Who made it (kept for the record); `ownerId` is who owns it now. */
    createdBy: uuid('created_by').notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('collections_owner_idx').on(t.ownerId)],
);

export const collectionMembers = pgTable(
  'collection_members',
  {
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: collectionRole('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.collectionId, t.userId] }), index('collection_members_user_idx').on(t.userId, t.collectionId)],
);

/** Which documents a collection holds; a document may be in any number of collections. */
export const collectionDocuments = pgTable(
  'collection_documents',
  {
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    addedBy: uuid('added_by').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.collectionId, t.documentId] }),
    index('collection_documents_document_idx').on(t.documentId, t.collectionId),
  ],
);

export type CollectionRow = typeof collections.$inferSelect;
export type CollectionMemberRow = typeof collectionMembers.$inferSelect;
