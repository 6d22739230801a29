import { createHash } from 'node:crypto';
import { converterFor } from '../converters/registry.js';
import type { ConversionResult, ConvertOptions } from '../converters/core/types.js';
import type { Executor } from '../db/client.js';
import { insertCachedConversion, takeCachedConversion } from '../db/repositories/extraction-cache-repo.js';

/**
 * The convert stage's cache of conversions by content: the same bytes converted by the same
 * converter version with the same options give the same result, whoever uploaded them.
 */

/** Results larger than this are not cached: one row should not hold a huge blob for a rare hit. */
const MAX_CACHED_CHARS = 20_000_000;

/**
 * The cache key: content hash, converter id and version, and the options that change the output.
 * Bumping a converter's version therefore invalidates its old results without a migration.
 * Returns null when no converter handles the type (that document fails anyway).
 */
export function extractionCacheKey(sha256: string, mimeType: string, options: ConvertOptions): string | null {
  const converter = converterFor(mimeType);
  if (!converter) return null;
  const opts = JSON.stringify({ ocr: options.ocr, languages: [...options.languages].sort() });
  const digest = createHash('sha256').update(opts).digest('hex').slice(0, 16);
  return `${sha256}:${converter.id}@${converter.version}:${digest}`;
}

/**
 * Worker-only lookup (no API path calls this): a hit means someone, possibly another user,
 * already converted these exact bytes; the row holds no owner, so nothing about them leaks.
 */
export function readCachedConversion(db: Executor, key: string): Promise<ConversionResult | null> {
  return takeCachedConversion(db, key);
}

export async function writeCachedConversion(db: Executor, key: string, result: ConversionResult): Promise<void> {
  if (result.markdown.length + result.text.length > MAX_CACHED_CHARS) return;
  await insertCachedConversion(db, key, result);
}
