import type { Container } from '../../app/container.js';
import { insertAuditEntry, listOwnedAuditEntries } from '../../db/repositories/credentials-repo.js';
import type { AuditAction } from '../../db/schema/index.js';
import { currentIp, runAsUser, runInScope } from '../../security/tenant-scope.js';
import type { AuthUser } from './types.js';

export interface AuditEntry {
  /** The acting user; null for a failed login of an unknown account. */
  userId: string | null;
  action: AuditAction;
  documentId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends to the audit log as the acting user (row-level security checks the owner), with the
 * client address of the current request. It never fails the action it records: a lost audit row
 * is logged loudly instead, because refusing a delete because the log is down helps nobody.
 * Never put secrets (passwords, keys, tokens) in `details`.
 */
export async function audit(c: Container, entry: AuditEntry): Promise<void> {
  const ip = currentIp();
  const write = () =>
    insertAuditEntry(c.db, { ownerId: entry.userId, action: entry.action, documentId: entry.documentId, ip, details: entry.details });
  try {
    await (entry.userId ? runAsUser(entry.userId, write) : runInScope(write, null, ip));
  } catch (err) {
    c.log.error({ err, action: entry.action, documentId: entry.documentId }, 'audit log write failed');
  }
}

/** The caller's own trail, newest first. */
export async function listAudit(c: Container, user: AuthUser, first: number) {
  return runAsUser(user.id, () => listOwnedAuditEntries(c.db, user.id, Math.min(Math.max(first, 1), 200)));
}
