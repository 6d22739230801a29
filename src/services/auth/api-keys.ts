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
import { findMemberCollections } from '../../db/repositories/collections-repo.js';
import { runAsUser, type KeyScope } from '../../security/tenant-scope.js';
import { requireId } from '../collections/collection-access.js';
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

/** What a new key may reach: omitted collectionIds mean all the user can see. */
export interface ApiKeyScopeInput {
  collectionIds?: readonly string[] | null;
  readOnly?: boolean | null;
}

const MAX_KEY_COLLECTIONS = 100;

/**
 * A new key, shown once. Its collections must be ones the user is a member of now (NOT_FOUND
 * otherwise, as anywhere else); membership is checked again on every use, so a key outlives
 * neither a removal nor a deleted collection. A request made with a scoped key cannot mint a key
 * wider than itself (the scope is visible through `findMemberCollections`, which obeys it).
 */
export async function createApiKey(
  c: Container,
  user: AuthUser,
  name: string,
  scope: ApiKeyScopeInput = {},
): Promise<{ key: string; apiKey: ApiKeyInfo }> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) throw badInput('Key name must be 1 to 100 characters', { field: 'name' });
  const collectionIds = scope.collectionIds ? [...new Set(scope.collectionIds)] : (user.keyScope?.collectionIds ?? null);
  if (collectionIds) {
    if (collectionIds.length === 0 || collectionIds.length > MAX_KEY_COLLECTIONS) {
      throw badInput(`A scoped key names 1 to ${MAX_KEY_COLLECTIONS} collections`, { field: 'collectionIds' });
    }
    for (const id of collectionIds) requireId(id, 'Collection');
    const found = await runAsUser(user.id, () => findMemberCollections(c.db, user.id, collectionIds));
    if (found.length !== collectionIds.length) throw notFound('Collection');
  }
  const readOnly = scope.readOnly === true || user.keyScope?.readOnly === true;
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  const row = await runAsUser(user.id, () =>
    insertApiKey(c.db, {
      ownerId: user.id,
      name: trimmed,
      prefix: key.slice(0, DISPLAY_CHARS),
      keyHash: hashSecret(key),
      collectionIds: collectionIds ? [...collectionIds] : null,
      readOnly,
    }),
  );
  await audit(c, {
    userId: user.id,
    action: 'API_KEY_CREATED',
    details: { apiKeyId: row.id, prefix: row.prefix, collectionIds: row.collectionIds, readOnly: row.readOnly },
  });
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

/** The owner of a live key and the key's scope (null when unscoped), or null for an unknown or revoked key. */
export async function apiKeyCaller(c: Container, key: string): Promise<{ userId: string; scope: KeyScope | null } | null> {
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
  const scope = row.collectionIds || row.readOnly ? { collectionIds: row.collectionIds, readOnly: row.readOnly } : null;
  return { userId: row.ownerId, scope };
}
