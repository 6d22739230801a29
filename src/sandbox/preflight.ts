import type { PreflightLimits } from '../converters/core/types.js';
import { converterFor } from '../converters/registry.js';

export type { PreflightLimits } from '../converters/core/types.js';

/**
 * Cheap checks that refuse a document before the expensive work starts: a 5,000-page PDF would
 * otherwise run for the whole wall-clock limit before failing TIMEOUT. Which checks a format
 * has is the converter's own declaration (`Converter.preflight`: the PDF's page count, an
 * image's declared pixels); formats without one pass unchecked.
 * @throws AppError RESOURCE_LIMIT
 */
export async function preflight(bytes: Uint8Array, mimeType: string, limits: PreflightLimits): Promise<void> {
  await converterFor(mimeType)?.preflight?.({ bytes, mimeType }, limits);
}
