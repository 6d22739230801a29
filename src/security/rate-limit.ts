import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { AppError, ErrorCode } from '../errors.js';

/** What a limited action is charged to: the user when known, and always the client address. */
export interface Caller {
  userId?: string | null;
  ip?: string | null;
}

export type LimitedAction = 'upload' | 'extract' | 'signUp';

/** RATE_LIMITED with `retryAfter` seconds (also sent as HTTP Retry-After by the GraphQL door). */
export function rateLimited(msBeforeNext: number): AppError {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError(ErrorCode.RATE_LIMITED, `Too many requests; try again in ${retryAfter} s`, { retryAfter });
}

interface Pair {
  user: RateLimiterAbstract;
  ip: RateLimiterAbstract;
}

/**
 * Per-user and per-IP limits (rate-limiter-flexible). In services mode the counters live in
 * Redis, so every API process shares them; a Redis outage falls back to per-process memory
 * counters (insurance) instead of failing or unlimiting requests. The embedded default counts
 * in memory.
 *
 * Logins are throttled on failures: each wrong password for an email from an address costs a
 * point, a success clears them, and an address that fails across many emails is blocked too.
 */
export class RateLimits {
  private readonly actions: Record<LimitedAction, Pair>;
  private readonly loginByEmailIp: RateLimiterAbstract;
  private readonly loginByIp: RateLimiterAbstract;

  private constructor(
    config: Config,
    private readonly redis: Redis | null,
  ) {
    const r = config.rateLimits;
    const make = (name: string, points: number, duration: number): RateLimiterAbstract => {
      const keyPrefix = `${config.redisPrefix}:rl:${name}`;
      if (!redis) return new RateLimiterMemory({ keyPrefix, points, duration });
      return new RateLimiterRedis({
        storeClient: redis,
        keyPrefix,
        points,
        duration,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
      });
    };
    this.actions = {
      upload: { user: make('upload:user', r.uploadsPerMin, 60), ip: make('upload:ip', r.uploadsPerMin * 2, 60) },
      extract: { user: make('extract:user', r.extractPerMin, 60), ip: make('extract:ip', r.extractPerMin * 2, 60) },
      signUp: { user: make('signup:user', 1, 1), ip: make('signup:ip', r.loginPer15m, 15 * 60) },
    };
    this.loginByEmailIp = make('login:email-ip', r.loginPer15m, 15 * 60);
    this.loginByIp = make('login:ip', r.loginPer15m * 10, 15 * 60);
  }

  static async create(config: Config): Promise<RateLimits> {
    if (!config.redisUrl) return new RateLimits(config, null);
    const { Redis: RedisClient } = await import('ioredis');
    // No offline queue: while Redis is down a limiter call fails fast and the insurance answers.
    const redis = new RedisClient(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    return new RateLimits(config, redis);
  }

  /** Charges `points` to the caller for an action; throws RATE_LIMITED when over either limit. */
  async consume(action: LimitedAction, caller: Caller, points = 1): Promise<void> {
    const pair = this.actions[action];
    const charges: Promise<unknown>[] = [];
    if (caller.userId) charges.push(pair.user.consume(caller.userId, points));
    if (caller.ip) charges.push(pair.ip.consume(caller.ip, points));
    await Promise.all(charges).catch(rethrow);
  }

  /** Before a password is checked: refuses when this email+address or this address failed too often. */
  async checkLogin(email: string, ip: string | null | undefined): Promise<void> {
    const [byPair, byIp] = await Promise.all([this.loginByEmailIp.get(loginKey(email, ip)), ip ? this.loginByIp.get(ip) : null]);
    const blocked = [
      [byPair, this.loginByEmailIp.points],
      [byIp, this.loginByIp.points],
    ] as const;
    for (const [res, points] of blocked) {
      if (res && res.consumedPoints >= points) throw rateLimited(res.msBeforeNext);
    }
  }

  async loginFailed(email: string, ip: string | null | undefined): Promise<void> {
    await Promise.all([this.loginByEmailIp.consume(loginKey(email, ip)), ip ? this.loginByIp.consume(ip) : null]).catch((err: unknown) => {
      // Over the limit already: the next checkLogin refuses; this attempt fails as a bad password.
      if (!(err instanceof RateLimiterRes)) throw err;
    });
  }

  async loginSucceeded(email: string, ip: string | null | undefined): Promise<void> {
    await this.loginByEmailIp.delete(loginKey(email, ip));
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }
}

const loginKey = (email: string, ip: string | null | undefined) => `${email.toLowerCase()}|${ip ?? 'unknown'}`;

function rethrow(err: unknown): never {
  if (err instanceof RateLimiterRes) throw rateLimited(err.msBeforeNext);
  throw err;
}
