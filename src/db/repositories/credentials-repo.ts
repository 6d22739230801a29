import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { rowsOf } from '../rows.js';
import { apiKeys, auditLog, refreshTokens, type AuditAction } from '../schema/index.js';

/**
 * API keys, refresh tokens and the audit log. Reads that answer a user take the owner id; the two
 * lookups by hash run before the user is known and go through SECURITY DEFINER functions (see
 * the row-level security migration), so the application role never sees other users' rows.
 */

/** A uuid[] as the driver answers it: an array, or (raw execute on some drivers) the text form `{a,b}`. */
const uuidArray = (v: unknown): string[] | null => {
  if (v == null) return null;
  if (Array.isArray(v)) return v.map(String);
  const text = String(v).replace(/^\{|\}$/g, '');
  return text ? text.split(',') : [];
};

const toDate = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));

export async function insertApiKey(
  ex: Executor,
  row: { ownerId: string; name: string; prefix: string; keyHash: string; collectionIds: string[] | null; readOnly: boolean },
) {
  const [inserted] = await ex.insert(apiKeys).values(row).returning();
  if (!inserted) throw new Error('api key insert returned no row');
  return inserted;
}

export function listOwnedApiKeys(ex: Executor, ownerId: string) {
  return ex.select().from(apiKeys).where(eq(apiKeys.ownerId, ownerId)).orderBy(desc(apiKeys.createdAt));
}

export async function revokeOwnedApiKey(ex: Executor, ownerId: string, id: string) {
  const [row] = await ex
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(and(eq(apiKeys.ownerId, ownerId), eq(apiKeys.id, id)))
    .returning();
  return row ?? null;
}

export async function touchApiKey(ex: Executor, ownerId: string, id: string) {
  await ex
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.ownerId, ownerId), eq(apiKeys.id, id)));
}

export async function findApiKeyByHash(ex: Executor, keyHash: string) {
  const res = await ex.execute(sql`select id, owner_id, revoked_at, collection_ids, read_only from docsphere_find_api_key(${keyHash})`);
  const [row] = rowsOf<{ id: string; owner_id: string; revoked_at: unknown; collection_ids: unknown; read_only: boolean }>(res);
  return row
    ? {
        id: row.id,
        ownerId: row.owner_id,
        revokedAt: toDate(row.revoked_at),
        collectionIds: uuidArray(row.collection_ids),
        readOnly: row.read_only === true,
      }
    : null;
}

export async function insertRefreshToken(ex: Executor, row: { ownerId: string; familyId: string; tokenHash: string; expiresAt: Date }) {
  await ex.insert(refreshTokens).values(row);
}

export async function findRefreshTokenByHash(ex: Executor, tokenHash: string) {
  const res = await ex.execute(
    sql`select id, owner_id, family_id, expires_at, replaced_at, revoked_at from docsphere_find_refresh_token(${tokenHash})`,
  );
  const [row] = rowsOf<Record<string, unknown>>(res);
  if (!row) return null;
  return {
    id: String(row.id),
    ownerId: String(row.owner_id),
    familyId: String(row.family_id),
    expiresAt: toDate(row.expires_at)!,
    replacedAt: toDate(row.replaced_at),
    revokedAt: toDate(row.revoked_at),
  };
}

/** Marks a token used; null when someone else used it first (a race is treated as reuse). */
export async function markRefreshTokenReplaced(ex: Executor, ownerId: string, id: string) {
  const [row] = await ex
    .update(refreshTokens)
    .set({ replacedAt: sql`now()` })
    .where(and(eq(refreshTokens.ownerId, ownerId), eq(refreshTokens.id, id), isNull(refreshTokens.replacedAt)))
    .returning({ id: refreshTokens.id });
  return row ?? null;
}

export async function revokeRefreshFamily(ex: Executor, ownerId: string, familyId?: string) {
  await ex
    .update(refreshTokens)
    .set({ revokedAt: sql`coalesce(${refreshTokens.revokedAt}, now())` })
    .where(familyId ? and(eq(refreshTokens.ownerId, ownerId), eq(refreshTokens.familyId, familyId)) : eq(refreshTokens.ownerId, ownerId));
}

export async function insertAuditEntry(
  ex: Executor,
  entry: { ownerId: string | null; action: AuditAction; documentId?: string | null; ip?: string | null; details?: Record<string, unknown> },
) {
  await ex.insert(auditLog).values({
    ownerId: entry.ownerId,
    action: entry.action,
    documentId: entry.documentId ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  });
}

export function listOwnedAuditEntries(ex: Executor, ownerId: string, limit: number) {
  return ex.select().from(auditLog).where(eq(auditLog.ownerId, ownerId)).orderBy(desc(auditLog.id)).limit(limit);
}
