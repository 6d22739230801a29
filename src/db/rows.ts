/**
 * `execute` answers with an array of rows on postgres.js and with a `{ rows }` result on PGlite.
 * Repositories that run raw SQL read the rows through this, so callers never see the difference.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
