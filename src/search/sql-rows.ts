import type { SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';

/** `execute` answers with an array on postgres.js and with `{ rows }` on PGlite; this hides that. */
export async function queryRows<T>(ex: Executor, query: SQL): Promise<T[]> {
  const result = (await ex.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
