import { createHash, randomBytes } from 'node:crypto';
import type { Container } from '../../app/container.js';
import {
  findApiKeyByHash,
  insertApiKey,
  listOwnedApiKeys,
  revokeOwnedApiKey,
  touchApiKey,
} from '../../db/repositories/credentials-repo.js';
import type { ApiKeyRow } from '../../db/schema/index.js';
import { badInput, notFound } from '../../errors.js';
import { runAsUser } from '../../security/tenant-scope.js';
import { audit } from './audit-log.js';
import type { AuthUser } from './types.js';

/**
 * API keys: `dsk_` + 43 characters of base64url (256 random bits). The recognisable prefix lets
 * secret scanners (and our own authenticate) tell a key from a JWT at a glance. Only the SHA-256
 * is stored: a key is shown once, at creation, and a revoked key fails on its very next request
 * because every request looks the key up (no cache to outlive the revocation).
 */
export const API_KEY_PREFIX = 'dsk_';
const DISPLAY_CHARS = 12;

export const hashSecret = (value: string) => createHash('sha256').update(value).digest('hex');

export type ApiKeyInfo = Omit<ApiKeyRow, 'keyHash'>;

const info = ({ keyHash: _h, ...rest }: ApiKeyRow): ApiKeyInfo => rest;

export async function createApiKey(c: Container, user: AuthUser, name: string): Promise<{ key: string; apiKey: ApiKeyInfo }> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) throw badInput('Key name must be 1 to 100 characters', { field: 'name' });
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  const row = await runAsUser(user.id, () =>
    insertApiKey(c.db, { ownerId: user.id, name: trimmed, prefix: key.slice(0, DISPLAY_CHARS), keyHash: hashSecret(key) }),
  );
  await audit(c, { userId: user.id, action: 'API_KEY_CREATED', details: { apiKeyId: row.id, prefix: row.prefix } });
  return { key, apiKey: info(row) };
}

export async function listApiKeys(c: Container, user: AuthUser): Promise<ApiKeyInfo[]> {
  const rows = await runAsUser(user.id, () => listOwnedApiKeys(c.db, user.id));
  return rows.map(info);
}

export async function revokeApiKey(c: Container, user: AuthUser, id: string): Promise<ApiKeyInfo> {
  const row = await runAsUser(user.id, () => revokeOwnedApiKey(c.db, user.id, id));
  if (!row) throw notFound('API key');
  await audit(c, { userId: user.id, action: 'API_KEY_REVOKED', details: { apiKeyId: row.id, prefix: row.prefix } });
  return info(row);
}

const LAST_USE_EVERY_MS = 60_000;

/** The owner of a live key, or null for an unknown or revoked one. */
export async function userIdForApiKey(c: Container, key: string): Promise<string | null> {
  const row = await findApiKeyByHash(c.db, hashSecret(key));
  if (!row || row.revokedAt) return null;
  const now = Date.now();
  const lastUseWritten = c.apiKeyLastUse;
  if (now - (lastUseWritten.get(row.id) ?? 0) > LAST_USE_EVERY_MS) {
    if (lastUseWritten.size > 10_000) lastUseWritten.clear();
    lastUseWritten.set(row.id, now);
    void runAsUser(row.ownerId, () => touchApiKey(c.db, row.ownerId, row.id)).catch((err: unknown) =>
      c.log.warn({ err }, 'could not record API key use'),
    );
  }
  return row.ownerId;
}
