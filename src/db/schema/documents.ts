import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgEnum, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

export const documentStatus = pgEnum('document_status', ['QUEUED', 'PROCESSING', 'INDEXED', 'FAILED']);
export type DocumentStatus = (typeof documentStatus.enumValues)[number];

/**
 * How urgently the owner wants a document processed (an upload option). Kept on the document so
 * a reprocess or the reconciler queues it with the same urgency.
 */
export const documentPriority = pgEnum('document_priority', ['HIGH', 'NORMAL', 'LOW']);
export type DocumentPriority = (typeof documentPriority.enumValues)[number];

/** Page spans in the Markdown, kept so chunks can be re-cut with page provenance. */
export interface StoredPage {
  number: number;
  charStart: number;
  charEnd: number;
  ocr: boolean;
}

export interface DocumentOptions {
  ocr: 'AUTO' | 'FORCE' | 'OFF';
  languages: string[];
}

/** A new document's generation; only a reprocess or a cancel moves it on. */
export const FIRST_GENERATION = 1;

export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Sanitised display name only: the stored file is addressed by hash, never by this. */
    filename: text('filename').notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    status: documentStatus('status').notNull().default('QUEUED'),
    priority: documentPriority('priority').notNull().default('NORMAL'),
    stage: text('stage'),
    progress: real('progress').notNull().default(0),
    /**
     * Bumped by every reprocess: a job carries the generation it was queued for, so a stale job
     * (from before a reprocess or a retry storm) recognises itself and does nothing.
     */
    generation: integer('generation').notNull().default(FIRST_GENERATION),
    options: jsonb('options')
      .$type<DocumentOptions>()
      .notNull()
      .default({ ocr: 'AUTO', languages: ['eng'] }),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    title: text('title'),
    pageCount: integer('page_count'),
    language: text('language'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    /**
     * The title a user set (updateDocument); wins over the extracted `title`, which a reprocess
     * rewrites, so an edit survives reprocessing. Null: show the extracted one.
     */
    titleOverride: text('title_override'),
    /** Normalised (lower case, trimmed, distinct, sorted) by services/documents/document-metadata.ts. */
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** User-editable key/value fields, apart from the converter's `metadata`. String values only. */
    customFields: jsonb('custom_fields').$type<Record<string, string>>().notNull().default({}),
    pages: jsonb('pages').$type<StoredPage[]>().notNull().default([]),
    markdown: text('markdown'),
    plainText: text('plain_text'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Dedupe is per owner: one user's upload must never reveal another user's identical bytes.
    uniqueIndex('documents_owner_sha256_key').on(t.ownerId, t.sha256),
    index('documents_owner_created_idx').on(t.ownerId, t.createdAt.desc(), t.id.desc()),
    // "All of these tags" is `tags @> array[...]`, which a GIN index answers.
    index('documents_tags_idx').using('gin', t.tags),
    index('documents_unfinished_idx')
      .on(t.status)
      .where(sql`${t.status} in ('QUEUED', 'PROCESSING')`),
  ],
);

export type DocumentRow = typeof documents.$inferSelect;
