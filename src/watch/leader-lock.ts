import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** Renews only while the lock is still ours; a lapsed lock taken by another process stays theirs. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface LeaderLock {
  /** Takes or renews the lock; true while this process leads. */
  hold(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * A Redis lease (SET NX PX, renewed by its token) so that in services mode exactly one worker
 * watches the folder: a leader that dies stops renewing and another takes over after `ttlMs`.
 * Redis, not a PostgreSQL advisory lock, because a session lock would pin one pooled connection
 * for the life of the process.
 */
export function redisLeaderLock(url: string, key: string, ttlMs: number): LeaderLock {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  const token = randomUUID();
  let held = false;
  return {
    async hold() {
      try {
        if (redis.status === 'wait') await redis.connect();
        held = held
          ? (await redis.eval(RENEW, 1, key, token, String(ttlMs))) === 1
          : (await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK';
      } catch {
        held = false;
      }
      return held;
    },
    async release() {
      if (held) await redis.eval(RELEASE, 1, key, token).catch(() => {});
      held = false;
      redis.disconnect();
    },
  };
}

/** The embedded default is one process: it always leads. */
export const soleLeader: LeaderLock = { hold: async () => true, release: async () => {} };
