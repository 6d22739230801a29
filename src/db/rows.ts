import type { SQL } from 'drizzle-orm';
import type { Executor } from './client.js';

/**
 * The one place that knows the two drivers answer a raw `execute` differently: postgres.js with
 * an array of rows, PGlite with a `{ rows }` result. Everything that runs hand-written SQL goes
 * through here, so no caller ever branches on the adapter.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** Runs a raw statement and returns its rows, whichever driver is underneath. */
export async function queryRows<T>(ex: Executor, query: SQL): Promise<T[]> {
  return rowsOf<T>(await ex.execute(query));
}
