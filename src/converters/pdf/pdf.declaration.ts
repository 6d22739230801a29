/**
 * PDF (pdf.converter.ts converts it); file-type's magic number recognises it. The page-count
 * preflight imports the PDF engine only when a PDF is about to be converted, in the sandbox.
 */
import type { ConverterDeclaration } from '../core/types.js';

export const pdfDeclaration: ConverterDeclaration = {
  id: 'pdf',
  version: '3',
  label: 'PDF',
  mimeTypes: ['application/pdf'],
  extensions: ['pdf'],
  // The page count costs one pass over the cross-reference table; a 5,000-page PDF would
  // otherwise run for the whole wall-clock limit before failing TIMEOUT.
  preflight: async (input, limits) => (await import('./preflight.js')).checkPdfPageCount(input, limits),
};
