import type { Container } from './container.js';

/**
 * Readiness: the process can serve, i.e. the database (and in services mode, Redis) answer.
 * Shared by the API's /ready and the worker's probe server, so both roles mean the same by it.
 */
export async function readiness(c: Container) {
  const checks: Record<string, 'ok' | 'error'> = {};
  const withTimeout = <T>(p: Promise<T>) =>
    Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
  checks.database = await withTimeout(c.database.ping()).then(
    () => 'ok' as const,
    () => 'error' as const,
  );
  if (c.config.redisUrl) {
    checks.redis = await withTimeout(c.queue.pending()).then(
      () => 'ok' as const,
      () => 'error' as const,
    );
  }
  return { ready: Object.values(checks).every((v) => v === 'ok'), checks };
}
