/**
 * OCR of one PDF page. Scans are often placed sideways or upside down; tesseract's orientation
 * detection needs the legacy model, which the LSTM-only data does not include, so a page whose
 * first reading is poor is tried in the other three orientations and the most confident
 * reading wins. Upright scans (the common case) cost one pass.
 */
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ocrImage, type OcrResult } from '../ocr.js';
import { renderPagePng } from './render.js';

/** Below this mean word confidence, an upright reading is suspect. */
const RETRY_BELOW = 65;
/** A reading this confident ends the search. */
const GOOD_ENOUGH = 80;

export interface PageOcr extends OcrResult {
  /** Clockwise degrees the page was turned to read it. */
  rotation: number;
}

export async function ocrPage(
  pdf: PDFDocumentProxy,
  page: PDFPageProxy,
  languages: string[],
  signal?: AbortSignal,
): Promise<PageOcr> {
  let best: PageOcr = { ...(await ocrImage(await renderPagePng(pdf, page), languages)), rotation: 0 };
  if (best.confidence >= RETRY_BELOW) return best;
  for (const rotation of [180, 90, 270]) {
    signal?.throwIfAborted();
    const result = await ocrImage(await renderPagePng(pdf, page, rotation), languages);
    if (result.confidence > best.confidence) best = { ...result, rotation };
    if (best.confidence >= GOOD_ENOUGH) break;
  }
  return best;
}
