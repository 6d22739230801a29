import { eq, sql } from 'drizzle-orm';
import type { ConversionResult } from '../../converters/core/types.js';
import type { Executor } from '../client.js';
import { extractionCache } from '../schema/index.js';

/**
 * The extraction cache's rows (keys and the size rule are pipeline/extraction-cache.ts). Worker
 * only: no API path reads it, and a row holds no owner, so a hit tells nobody whose bytes they were.
 */

/** The cached result for `key`, counting the hit; null on a miss. */
export async function takeCachedConversion(ex: Executor, key: string): Promise<ConversionResult | null> {
  const [row] = await ex
    .update(extractionCache)
    .set({ hits: sql`${extractionCache.hits} + 1`, lastUsedAt: sql`now()` })
    .where(eq(extractionCache.key, key))
    .returning({ result: extractionCache.result });
  return row?.result ?? null;
}

/** First writer wins: two workers converting the same bytes store one row. */
export async function insertCachedConversion(ex: Executor, key: string, result: ConversionResult): Promise<void> {
  await ex.insert(extractionCache).values({ key, result }).onConflictDoNothing();
}
