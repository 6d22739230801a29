import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * API keys for scripts and integrations. Only a SHA-256 of the key is kept: the key is a
 * 256-bit random string, so a fast hash is enough (no dictionary to attack) and lets the server
 * find the key by an index lookup on every request. The prefix is stored for display only.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The first characters of the key (`dsk_abcd1234`), so a user can tell keys apart. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /**
     * Null: the key reaches all the user can. Otherwise only documents in these collections, and
     * only while the user is still a member (checked at use time, so no foreign key: a deleted
     * collection simply matches nothing).
     */
    collectionIds: uuid('collection_ids').array(),
    /** A read-only key cannot upload or change anything (FORBIDDEN at the doors). */
    readOnly: boolean('read_only').notNull().default(false),
  },
  (t) => [uniqueIndex('api_keys_hash_key').on(t.keyHash), index('api_keys_owner_idx').on(t.ownerId, t.createdAt)],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
