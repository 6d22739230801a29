import { LRUCache } from 'lru-cache';
import type { AuthUser } from './types.js';

/**
 * Access tokens already verified, with the user they resolved to. Every request of a client
 * carries the same JWT for its whole 15-minute life; checking its HMAC (WebCrypto, async) and
 * looking its user up again each time was about a millisecond of every request, a fifth of the
 * API's own cost per search (the search bench, BENCHMARKS.md).
 *
 * Safe because what is cached cannot change under it: a JWT is immutable, signed, and valid
 * until its `exp` however often it is checked (access tokens are stateless by design, see
 * sessions.ts; logging out revokes the refresh token). An entry never outlives the token's
 * `exp`, and the user row behind it is re-read at least every USER_RECHECK_MS, which bounds how
 * long a user removed straight from the database keeps working. API keys are never cached:
 * revoking one must take effect on the very next request.
 *
 * One cache per server: the container holds it (`Container.verifiedTokens`), so two servers in
 * one process never share.
 */
const USER_RECHECK_MS = 30_000;
const MAX_TOKENS = 10_000;

/** Wall-clock milliseconds, the unit of a JWT's `exp` (times 1000); tests pass their own. */
export interface Clock {
  now(): number;
}

export class VerifiedTokens {
  private readonly cache: LRUCache<string, AuthUser>;

  constructor(private readonly clock: Clock = Date) {
    this.cache = new LRUCache<string, AuthUser>({ max: MAX_TOKENS, perf: clock, ttlResolution: 0 });
  }

  get(token: string): AuthUser | undefined {
    return this.cache.get(token);
  }

  /** Remembers `user` for `token` until the token expires or the recheck interval passes. */
  remember(token: string, user: AuthUser, expiresAtMs: number | undefined): void {
    const now = this.clock.now();
    const ttl = Math.min(USER_RECHECK_MS, (expiresAtMs ?? now) - now);
    if (ttl > 0) this.cache.set(token, user, { ttl });
  }
}
