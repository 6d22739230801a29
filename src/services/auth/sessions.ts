import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Container } from '../../app/container.js';
import {
  findRefreshTokenByHash,
  insertRefreshToken,
  markRefreshTokenReplaced,
  revokeRefreshFamily,
} from '../../db/repositories/credentials-repo.js';
import { unauthenticated } from '../../errors.js';
import { runAsUser } from '../../security/tenant-scope.js';
import { hashSecret } from './api-keys.js';
import { audit } from './audit-log.js';
import type { Session } from './types.js';

/**
 * Sessions: a short-lived JWT access token (JWT_TTL, 15 minutes by default; verified without a
 * database round trip) and a long-lived refresh token (REFRESH_TOKEN_TTL) that is stored hashed,
 * rotates on every use and can be revoked. A refresh token used twice means a copy leaked: the
 * whole family (every token descended from that login) is revoked, so the thief's copy dies
 * with the victim's (refresh token rotation with reuse detection, OAuth 2.0 Security BCP 4.14).
 */
export const ISSUER = 'docsphere';
export const REFRESH_PREFIX = 'dsr_';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "15m" → 900 (config validates the format). */
export function ttlSeconds(ttl: string): number {
  const match = /^(\d+)([smhd])$/.exec(ttl);
  if (!match) throw new Error(`invalid duration ${ttl}`);
  return Number(match[1]) * (UNITS[match[2]!] ?? 1);
}

export async function issueAccessToken(c: Container, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + ttlSeconds(c.config.jwtTtl);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .sign(c.jwtSecret);
  return { token, expiresAt: new Date(exp * 1000) };
}

/** A new session: a new refresh family unless `familyId` continues a rotated one. */
export async function startSession(c: Container, userId: string, familyId: string = randomUUID()): Promise<Session> {
  const refreshToken = REFRESH_PREFIX + randomBytes(32).toString('base64url');
  const refreshTokenExpiresAt = new Date(Date.now() + ttlSeconds(c.config.refreshTokenTtl) * 1000);
  await runAsUser(userId, () =>
    insertRefreshToken(c.db, { ownerId: userId, familyId, tokenHash: hashSecret(refreshToken), expiresAt: refreshTokenExpiresAt }),
  );
  const access = await issueAccessToken(c, userId);
  return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken, refreshTokenExpiresAt };
}

/** Exchanges a refresh token for a new session; the presented token is spent. */
export async function refreshSession(c: Container, refreshToken: string): Promise<{ userId: string; session: Session }> {
  const invalid = () => unauthenticated('Invalid or expired refresh token');
  if (!refreshToken.startsWith(REFRESH_PREFIX)) throw invalid();
  const row = await findRefreshTokenByHash(c.db, hashSecret(refreshToken));
  if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) throw invalid();
  const spent = row.replacedAt ? null : await runAsUser(row.ownerId, () => markRefreshTokenReplaced(c.db, row.ownerId, row.id));
  if (!spent) {
    await runAsUser(row.ownerId, () => revokeRefreshFamily(c.db, row.ownerId, row.familyId));
    await audit(c, { userId: row.ownerId, action: 'REFRESH_TOKEN_REUSED', details: { familyId: row.familyId } });
    throw invalid();
  }
  const session = await startSession(c, row.ownerId, row.familyId);
  await audit(c, { userId: row.ownerId, action: 'TOKEN_REFRESHED' });
  return { userId: row.ownerId, session };
}

/**
 * Ends the session the refresh token belongs to, or every session of the user when none is
 * given. Access tokens already issued stay valid until they expire (minutes).
 */
export async function endSessions(c: Container, userId: string, refreshToken?: string | null): Promise<void> {
  let familyId: string | undefined;
  if (refreshToken) {
    const row = await findRefreshTokenByHash(c.db, hashSecret(refreshToken));
    if (!row || row.ownerId !== userId) throw unauthenticated('Invalid refresh token');
    familyId = row.familyId;
  }
  await runAsUser(userId, () => revokeRefreshFamily(c.db, userId, familyId));
  await audit(c, { userId, action: 'LOGOUT', details: { all: !familyId } });
}
