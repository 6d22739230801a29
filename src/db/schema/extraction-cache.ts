import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { ConversionResult } from '../../converters/core/types.js';

/**
 * Conversions already done, keyed by what determines their output: the content hash, the
 * converter id and version, and the options. There is deliberately no owner column and no
 * document id: a row says nothing about who uploaded the bytes, and only the worker reads it
 * (no API path looks rows up), so two users with the same file share the work but learn
 * nothing about each other.
 */
export const extractionCache = pgTable('extraction_cache', {
  /** sha256(content) : converter id @ version : options digest. */
  key: text('key').primaryKey(),
  result: jsonb('result').$type<ConversionResult>().notNull(),
  hits: integer('hits').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
});
