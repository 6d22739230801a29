import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** The document events a webhook can subscribe to (the names of document_events.type). */
export const webhookEventType = ['DOCUMENT_INDEXED', 'DOCUMENT_FAILED', 'DOCUMENT_DELETED'] as const;
export type WebhookEventType = (typeof webhookEventType)[number];

/**
 * A user's webhook: where to POST which events, and the secret the payloads are signed with
 * (shown once, at creation). Collections do not exist yet; a `collection_id` column joins later.
 */
export const webhooks = pgTable(
  'webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').array().$type<WebhookEventType[]>().notNull(),
    secret: text('secret').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhooks_owner_idx').on(t.ownerId)],
);

/**
 * The webhooks' outbox and delivery log in one: a row per (webhook, event), written by the
 * fan-out from document_events, then tried until it succeeds or runs out of attempts, with
 * exponential backoff (`next_attempt_at`). `attempts_log` keeps each try's outcome for the API.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    ownerId: uuid('owner_id').notNull(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    eventType: text('event_type').$type<WebhookEventType>().notNull(),
    /** The exact JSON body sent on every attempt (only the signature's timestamp changes). */
    payload: text('payload').notNull(),
    /** PENDING until it succeeds (DELIVERED) or the last attempt failed (FAILED). */
    status: text('status').$type<'PENDING' | 'DELIVERED' | 'FAILED'>().notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    attemptsLog: jsonb('attempts_log')
      .$type<DeliveryAttempt[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_key').on(t.webhookId, t.eventId),
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'PENDING'`),
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.id),
  ],
);

export interface DeliveryAttempt {
  at: string;
  /** HTTP status of the receiver's answer; null when none came (refused, timeout, blocked target). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** How far the fan-out has read document_events (one row, name 'webhooks'). */
export const webhookCursor = pgTable('webhook_cursor', {
  name: text('name').primaryKey(),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
});

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
