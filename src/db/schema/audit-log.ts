import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const auditActions = [
  'LOGIN',
  'LOGIN_FAILED',
  'SIGN_UP',
  'TOKEN_REFRESHED',
  'REFRESH_TOKEN_REUSED',
  'LOGOUT',
  'API_KEY_CREATED',
  'API_KEY_REVOKED',
  'DOCUMENT_UPLOADED',
  'DOCUMENT_DELETED',
  'DOCUMENT_REPROCESSED',
  'DOCUMENT_DOWNLOADED',
  'DOCUMENT_UPDATED',
  'WEBHOOK_CREATED',
  'WEBHOOK_DELETED',
  'COLLECTION_CREATED',
  'COLLECTION_UPDATED',
  'COLLECTION_DELETED',
  'COLLECTION_DOCUMENTS_ADDED',
  'COLLECTION_DOCUMENTS_REMOVED',
  'COLLECTION_MEMBER_ADDED',
  'COLLECTION_MEMBER_ROLE_CHANGED',
  'COLLECTION_MEMBER_REMOVED',
  'COLLECTION_LEFT',
  'COLLECTION_OWNERSHIP_TRANSFERRED',
] as const;
export type AuditAction = (typeof auditActions)[number];

/**
 * Who did what to which document, and when. Append-only: the application roles may only INSERT
 * and SELECT (their own rows), and a trigger refuses UPDATE and DELETE for everyone. No foreign
 * keys, so the trail outlives the user and the document it names.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Null for failed logins of unknown accounts. */
    ownerId: uuid('owner_id'),
    action: text('action').$type<AuditAction>().notNull(),
    documentId: uuid('document_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_owner_idx').on(t.ownerId, t.id), index('audit_log_document_idx').on(t.documentId)],
);

export type AuditLogRow = typeof auditLog.$inferSelect;
