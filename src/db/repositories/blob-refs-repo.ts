import { inArray } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { documents } from '../schema/index.js';

/**
 * Which of these storage keys a document still points at: the storage sweeper's question before
 * it removes an original that no row references (left by a crash between storing the file and
 * committing its document). Runs as the worker role, across owners.
 */
export async function referencedStorageKeys(ex: Executor, keys: readonly string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await ex
    .selectDistinct({ key: documents.storageKey })
    .from(documents)
    .where(inArray(documents.storageKey, [...keys]));
  return new Set(rows.map((r) => r.key));
}
