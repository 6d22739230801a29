import { createHmac, randomBytes, randomUUID } from 'node:crypto';
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
  return withAccessToken(c, userId, refreshToken, refreshTokenExpiresAt);
}

async function withAccessToken(c: Container, userId: string, refreshToken: string, refreshTokenExpiresAt: Date): Promise<Session> {
  const access = await issueAccessToken(c, userId);
  return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken, refreshTokenExpiresAt };
}

/**
 * The token that replaces `refreshToken` when it is spent: derived from it with the server's
 * secret rather than drawn at random, so a duplicate request for the same token (two tabs
 * refreshing at once) can be answered with the same successor without storing it in clear.
 */
function successorOf(c: Container, refreshToken: string): string {
  return REFRESH_PREFIX + createHmac('sha256', c.jwtSecret).update(`refresh-successor:${refreshToken}`).digest('base64url');
}

/**
 * Exchanges a refresh token for a new session; the presented token is spent. Spending it and
 * storing its successor is one transaction, so a concurrent duplicate waits on the row lock and
 * then finds the successor committed. A duplicate within REFRESH_REUSE_GRACE_SECONDS of the
 * first use gets that same successor (with a fresh access token); any later reuse revokes the
 * whole family.
 */
export async function refreshSession(c: Container, refreshToken: string): Promise<{ userId: string; session: Session }> {
  const invalid = () => unauthenticated('Invalid or expired refresh token');
  if (!refreshToken.startsWith(REFRESH_PREFIX)) throw invalid();
  const row = await findRefreshTokenByHash(c.db, hashSecret(refreshToken));
  if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) throw invalid();
  const successor = successorOf(c, refreshToken);
  const expiresAt = new Date(Date.now() + ttlSeconds(c.config.refreshTokenTtl) * 1000);
  const spent = row.replacedAt
    ? null
    : await runAsUser(row.ownerId, () =>
        c.db.transaction(async (tx) => {
          const marked = await markRefreshTokenReplaced(tx, row.ownerId, row.id);
          if (marked)
            await insertRefreshToken(tx, { ownerId: row.ownerId, familyId: row.familyId, tokenHash: hashSecret(successor), expiresAt });
          return marked;
        }),
      );
  if (spent) {
    await audit(c, { userId: row.ownerId, action: 'TOKEN_REFRESHED' });
    return { userId: row.ownerId, session: await withAccessToken(c, row.ownerId, successor, expiresAt) };
  }
  const duplicate = await sameSuccessorWithinGrace(c, row, refreshToken, successor);
  if (duplicate) {
    await audit(c, { userId: row.ownerId, action: 'TOKEN_REFRESHED', details: { duplicate: true } });
    return { userId: row.ownerId, session: await withAccessToken(c, row.ownerId, successor, duplicate.expiresAt) };
  }
  await runAsUser(row.ownerId, () => revokeRefreshFamily(c.db, row.ownerId, row.familyId));
  await audit(c, { userId: row.ownerId, action: 'REFRESH_TOKEN_REUSED', details: { familyId: row.familyId } });
  throw invalid();
}

/** The successor's row when `refreshToken` was spent moments ago and its successor is still live. */
async function sameSuccessorWithinGrace(
  c: Container,
  row: { ownerId: string; familyId: string; replacedAt: Date | null },
  refreshToken: string,
  successor: string,
) {
  // Lost a race: the winner's commit set replacedAt after this request first read the row.
  const replacedAt = row.replacedAt ?? (await findRefreshTokenByHash(c.db, hashSecret(refreshToken)))?.replacedAt;
  if (!replacedAt || Date.now() - replacedAt.getTime() > c.config.refreshReuseGraceSeconds * 1000) return null;
  const next = await findRefreshTokenByHash(c.db, hashSecret(successor));
  if (!next || next.ownerId !== row.ownerId || next.familyId !== row.familyId) return null;
  if (next.revokedAt || next.replacedAt || next.expiresAt.getTime() <= Date.now()) return null;
  return next;
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
