import { hash, verify } from '@node-rs/argon2';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Container } from '../app/container.js';
import { findUserByEmail, findUserById, insertUser } from '../db/repositories/users-repo.js';
import { AppError, ErrorCode, badInput, unauthenticated } from '../errors.js';

export interface AuthUser {
  id: string;
  email: string;
}

const ISSUER = 'docsphere';
const Credentials = z.object({
  email: z.email().max(254).transform((e) => e.toLowerCase()),
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

export async function signUp(c: Container, email: string, password: string) {
  const creds = parseCredentials(email, password);
  // argon2id (memory-hard) with the library's defaults (OWASP-recommended parameters).
  const user = await insertUser(c.db, creds.email, await hash(creds.password));
  if (!user) throw badInput('An account with this email already exists', { field: 'email' });
  return { user: { id: user.id, email: user.email }, token: await issueToken(c, user.id) };
}

export async function logIn(c: Container, email: string, password: string) {
  const normalised = email.trim().toLowerCase();
  const user = await findUserByEmail(c.db, normalised);
  dummyHash ??= hash(crypto.randomUUID());
  const ok = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  if (!user || !ok) throw unauthenticated('Invalid email or password');
  return { user: { id: user.id, email: user.email }, token: await issueToken(c, user.id) };
}

export async function issueToken(c: Container, userId: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(c.config.jwtTtl)
    .sign(c.jwtSecret);
}

/**
 * Resolves a bearer token to its user, or null when there is none. A token that is present but
 * invalid or expired is an error, not an anonymous request: the client should know to log in.
 */
export async function authenticate(c: Container, authorization: unknown): Promise<AuthUser | null> {
  if (authorization == null || authorization === '') return null;
  if (typeof authorization !== 'string') throw unauthenticated('Malformed authorization');
  const token = authorization.replace(/^Bearer\s+/i, '').trim();
  if (!token) return null;
  let sub: string | undefined;
  try {
    const { payload } = await jwtVerify(token, c.jwtSecret, { issuer: ISSUER, algorithms: ['HS256'] });
    sub = payload.sub;
  } catch {
    throw unauthenticated('Invalid or expired token');
  }
  if (!sub) throw unauthenticated('Invalid or expired token');
  const user = await findUserById(c.db, sub);
  if (!user) throw unauthenticated('Invalid or expired token');
  return { id: user.id, email: user.email };
}

export function requireUser(user: AuthUser | null): AuthUser {
  if (!user) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Authentication required');
  return user;
}
