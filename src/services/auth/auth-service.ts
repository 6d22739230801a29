import type { IncomingHttpHeaders } from 'node:http';
import { hash, verify } from '@node-rs/argon2';
import { decodeJwt, jwtVerify } from 'jose';
import { z } from 'zod';
import type { Container } from '../../app/container.js';
import { findUserByEmail, findUserById, insertUser } from '../../db/repositories/users-repo.js';
import { AppError, ErrorCode, badInput, forbidden, unauthenticated } from '../../errors.js';
import { bindUser, currentIp, type KeyScope } from '../../security/tenant-scope.js';
import { API_KEY_PREFIX, apiKeyCaller } from './api-keys.js';
import { audit } from './audit-log.js';
import { ISSUER, issueAccessToken, refreshSession, startSession } from './sessions.js';
import type { AuthResult, AuthUser } from './types.js';

const Credentials = z.object({
  email: z
    .email()
    .max(254)
    .transform((e) => e.toLowerCase()),
  password: z.string().min(8, 'Password must be at least 8 characters').max(1024),
});

/** A hash of a random string: logging in as an unknown user costs as much as a wrong password. */
let dummyHash: Promise<string> | undefined;

function parseCredentials(email: string, password: string) {
  const parsed = Credentials.safeParse({ email, password });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badInput(issue?.message ?? 'Invalid credentials', { field: issue?.path.join('.') });
  }
  return parsed.data;
}

export async function signUp(c: Container, email: string, password: string): Promise<AuthResult> {
  await c.rateLimits.consume('signUp', { ip: currentIp() });
  const creds = parseCredentials(email, password);
  // argon2id (memory-hard) with the library's defaults (OWASP-recommended parameters).
  const row = await insertUser(c.db, creds.email, await hash(creds.password));
  if (!row) throw badInput('An account with this email already exists', { field: 'email' });
  await audit(c, { userId: row.id, action: 'SIGN_UP' });
  const user = { id: row.id, email: row.email };
  return { user, ...(await startSession(c, user.id)) };
}

/**
 * Password login, throttled against brute force: failures are counted per email+address and
 * per address, and once over the limit the password is not even checked (RATE_LIMITED with
 * retryAfter) until the window passes. Every outcome is audited.
 */
export async function logIn(c: Container, email: string, password: string): Promise<AuthResult> {
  const normalised = email.trim().toLowerCase();
  const ip = currentIp();
  await c.rateLimits.checkLogin(normalised, ip);
  const row = await findUserByEmail(c.db, normalised);
  dummyHash ??= hash(crypto.randomUUID());
  const ok = await verify(row?.passwordHash ?? (await dummyHash), password).catch(() => false);
  if (!row || !ok) {
    await c.rateLimits.loginFailed(normalised, ip);
    await audit(c, { userId: row?.id ?? null, action: 'LOGIN_FAILED', details: row ? {} : { email: normalised } });
    throw unauthenticated('Invalid email or password');
  }
  await c.rateLimits.loginSucceeded(normalised, ip);
  await audit(c, { userId: row.id, action: 'LOGIN' });
  const user = { id: row.id, email: row.email };
  return { user, ...(await startSession(c, user.id)) };
}

/**
 * Exchanges a refresh token for a new session together with the user it belongs to, as
 * `logIn` answers; BAD_USER_INPUT when that user no longer exists.
 */
export async function refreshLogin(c: Container, refreshToken: string): Promise<AuthResult> {
  const { userId, session } = await refreshSession(c, refreshToken);
  const user = await findUserById(c.db, userId);
  if (!user) throw badInput('Unknown user');
  return { user: { id: user.id, email: user.email }, ...session };
}

/** An access token alone (tests, CLI); interactive clients get a whole session from logIn. */
export async function issueToken(c: Container, userId: string): Promise<string> {
  return (await issueAccessToken(c, userId)).token;
}

const bearer = (authorization: string) => authorization.replace(/^Bearer\s+/i, '').trim();

/**
 * Resolves a credential to its user, or null when there is none: a JWT access token or an API key
 * (`dsk_…`), either as `Bearer <credential>` or bare. A credential that is present but invalid,
 * expired or revoked is an error, not an anonymous request: the client should know to log in.
 * The user is bound to the current tenant scope, so the request's database work runs as them.
 * A JWT seen before is not verified again until it expires (verified-tokens.ts); API keys are.
 */
export async function authenticate(c: Container, authorization: unknown): Promise<AuthUser | null> {
  if (authorization == null || authorization === '') return null;
  if (typeof authorization !== 'string') throw unauthenticated('Malformed authorization');
  const token = bearer(authorization);
  if (!token) return null;
  const isApiKey = token.startsWith(API_KEY_PREFIX);
  const verified = isApiKey ? undefined : c.verifiedTokens;
  const known = verified?.get(token);
  if (known) {
    bindUser(known.id);
    return { ...known };
  }
  let userId: string | null | undefined;
  let expiresAtMs: number | undefined;
  let keyScope: KeyScope | null = null;
  if (isApiKey) {
    const key = await apiKeyCaller(c, token);
    if (!key) throw unauthenticated('Invalid or revoked API key');
    userId = key.userId;
    keyScope = key.scope;
  } else {
    try {
      const { payload } = await jwtVerify(token, c.jwtSecret, { issuer: ISSUER, algorithms: ['HS256'] });
      userId = payload.sub;
      expiresAtMs = payload.exp === undefined ? undefined : payload.exp * 1000;
    } catch {
      throw unauthenticated('Invalid or expired token');
    }
  }
  const row = userId ? await findUserById(c.db, userId) : null;
  if (!row) throw unauthenticated('Invalid or expired token');
  const user: AuthUser = { id: row.id, email: row.email, ...(keyScope ? { keyScope } : {}) };
  verified?.remember(token, user, expiresAtMs);
  bindUser(user.id, keyScope);
  return { ...user };
}

/**
 * The one way every HTTP door (GraphQL, REST, downloads) reads a credential from headers:
 * `Authorization: Bearer <jwt|api key>` or `X-API-Key: <api key>`.
 */
export function authenticateRequest(c: Container, headers: IncomingHttpHeaders | Headers): Promise<AuthUser | null> {
  // Fetch-style Headers (yoga's may come from another realm than the global class) or Node's.
  const get = (name: string) =>
    (typeof (headers as Headers).get === 'function' ? (headers as Headers).get(name) : (headers as IncomingHttpHeaders)[name]) ?? null;
  const apiKey = get('x-api-key');
  return authenticate(c, get('authorization') ?? (typeof apiKey === 'string' && apiKey ? apiKey : null));
}

/** When the access token in `authorization` expires (ms since epoch); null for API keys and junk. */
export function credentialExpiry(authorization: unknown): number | null {
  if (typeof authorization !== 'string') return null;
  const token = bearer(authorization);
  if (!token || token.startsWith(API_KEY_PREFIX)) return null;
  try {
    const exp = decodeJwt(token).exp;
    return exp ? exp * 1000 : null;
  } catch {
    return null;
  }
}

export function requireUser(user: AuthUser | null): AuthUser {
  if (!user) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Authentication required');
  return user;
}

/**
 * FORBIDDEN for a read-only API key. The doors call it once per write (every GraphQL mutation,
 * every REST request that is not GET/HEAD), so no service can forget it.
 */
export function requireWritable(user: AuthUser | null): void {
  if (user?.keyScope?.readOnly) {
    throw forbidden('This API key is read-only: it cannot upload or change documents, collections, members, keys or webhooks');
  }
}
