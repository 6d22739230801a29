import { resourceLimit } from '../converters/core/nesting.js';

export interface PreflightLimits {
  /** Most pages a paged document may have; checked before any page is parsed. */
  maxPages: number;
}

/**
 * Cheap checks that refuse a document before the expensive work starts. A 5,000-page PDF
 * would otherwise run for the whole wall-clock limit before failing TIMEOUT; reading its page
 * count costs one pass over the cross-reference table. (Image pixel counts and archive ratios
 * are checked inside their converters, before decoding.)
 */
export async function preflight(bytes: Uint8Array, mimeType: string, limits: PreflightLimits): Promise<void> {
  if (mimeType !== 'application/pdf') return;
  const { openPdf } = await import('../converters/pdf/load.js');
  const pdf = await openPdf(bytes);
  try {
    if (pdf.numPages > limits.maxPages) {
      throw resourceLimit(`The document has ${pdf.numPages} pages; the limit is ${limits.maxPages}`, {
        pageCount: pdf.numPages,
        maxPages: limits.maxPages,
      });
    }
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}
