import type { Container } from '../app/container.js';
import { SandboxPool } from './pool.js';

export { SandboxPool } from './pool.js';
export type { SandboxLimits, SandboxTask } from './sandbox.js';

const pools = new WeakMap<Container, SandboxPool>();

/**
 * The converter sandboxes of this process, one per concurrent job, made on first use from the
 * config. Only the worker role converts, so an API-only process never forks any.
 */
export function sandboxPool(c: Container): SandboxPool {
  let pool = pools.get(c);
  if (!pool) {
    pool = new SandboxPool(
      c.config.workerConcurrency,
      { timeoutMs: c.config.convertTimeoutMs, memoryMb: c.config.convertMemoryMb, maxPages: c.config.convertMaxPages },
      c.log.child({ part: 'sandbox' }),
    );
    pools.set(c, pool);
  }
  return pool;
}

export async function closeSandboxPool(c: Container): Promise<void> {
  const pool = pools.get(c);
  pools.delete(c);
  await pool?.close();
}
