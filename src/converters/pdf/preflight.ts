/**
 * The PDF page-count limit, checked before any page is parsed. It lives apart from the converter
 * so the sandbox can load the check without the layout code, and PDFium only reads the
 * cross-reference table and page tree for it: a 5,000-page PDF is refused in milliseconds
 * instead of running for the whole wall-clock limit before failing TIMEOUT.
 */
import type { PreflightInput, PreflightLimits } from '../core/types.js';
import { resourceLimit } from '../core/nesting.js';
import { openDocument } from './pdfium.js';

/**
 * Refuses a PDF with more pages than the limit.
 * @throws AppError RESOURCE_LIMIT; ENCRYPTED_DOCUMENT or CORRUPT_DOCUMENT when it cannot be opened
 */
export async function checkPdfPageCount({ bytes }: PreflightInput, limits: PreflightLimits): Promise<void> {
  const doc = await openDocument(bytes);
  try {
    if (doc.pageCount > limits.maxPages) {
      throw resourceLimit(`The document has ${doc.pageCount} pages; the limit is ${limits.maxPages}`, {
        pageCount: doc.pageCount,
        maxPages: limits.maxPages,
      });
    }
  } finally {
    doc.close();
  }
}
