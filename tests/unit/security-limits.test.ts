import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { AppError } from '../../src/errors.js';
import { chargesFor } from '../../src/security/operation-limits.js';
import { RateLimits } from '../../src/security/rate-limit.js';
import { runAsUser, runInScope, currentUserId, bindUser, scopeIterator } from '../../src/security/tenant-scope.js';
import { ttlSeconds } from '../../src/services/auth/sessions.js';

const config = loadConfig({ RATE_LOGIN_PER_15M: '2', RATE_UPLOADS_PER_MIN: '3' });

describe('rate limits (memory)', () => {
  it('refuses the action over the per-user limit with RATE_LIMITED and retryAfter', async () => {
    const limits = await RateLimits.create(config);
    for (let i = 0; i < 3; i++) await limits.consume('upload', { userId: 'u1' });
    const err = await limits.consume('upload', { userId: 'u1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('RATE_LIMITED');
    expect((err as AppError).details?.retryAfter).toBeGreaterThan(0);
    // Another user is unaffected.
    await limits.consume('upload', { userId: 'u2' });
  });

  it('blocks logins after repeated failures, and a success clears the count', async () => {
    const limits = await RateLimits.create(config);
    await limits.loginFailed('a@x.io', '10.0.0.1');
    await limits.loginSucceeded('a@x.io', '10.0.0.1');
    await limits.loginFailed('a@x.io', '10.0.0.1');
    await limits.checkLogin('a@x.io', '10.0.0.1');
    await limits.loginFailed('a@x.io', '10.0.0.1');
    await expect(limits.checkLogin('a@x.io', '10.0.0.1')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await limits.checkLogin('a@x.io', '10.0.0.2');
  });
});

describe('operation charges', () => {
  it('counts every occurrence of a limited root mutation field, aliases included', () => {
    const doc = parse(`mutation { a: extract(file: $f) { text } b: extract(file: $f) { text } uploadDocument(file: $g) { duplicate } }`);
    expect(Object.fromEntries(chargesFor(doc))).toEqual({ extract: 2, upload: 1 });
    expect(chargesFor(parse(`query { extract }`)).size).toBe(0);
  });
});

describe('tenant scope', () => {
  it('is per async chain, filled in by authentication, and follows subscription pulls', async () => {
    await runInScope(async () => {
      expect(currentUserId()).toBeNull();
      bindUser('alice');
      await new Promise((r) => setTimeout(r, 1));
      expect(currentUserId()).toBe('alice');
    });
    expect(currentUserId()).toBeNull();
    expect(await runAsUser('bob', async () => currentUserId())).toBe('bob');
    async function* source() {
      while (true) yield currentUserId();
    }
    const it = scopeIterator('carol', null, source());
    expect((await it.next()).value).toBe('carol');
  });

  it('parses durations', () => {
    expect(ttlSeconds('15m')).toBe(900);
    expect(ttlSeconds('30d')).toBe(2_592_000);
  });
});
