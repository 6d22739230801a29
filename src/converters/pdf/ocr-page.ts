/**
 * OCR of one PDF page. The page is rendered once, its blank margins are cut off, and other
 * orientations are pixel turns of that, not new renders.
 *
 * Tesseract reads the page with full layout analysis (read-page.ts, as for images), which also finds text lines running vertically and reads them turned, so a page
 * scanned sideways usually reads in one pass. When it turns such lines the wrong way, or the
 * page is upside down, the reading is garbage with a low mean confidence: turning the page
 * 180° fixes both cases, so that is tried first, and the quarter turns only after it. (Tesseract's
 * own orientation detection needs the legacy engine and its OSD data, which the LSTM-only
 * setup does not load; on the upside-down corpus scan it declined to turn the page anyway.)
 */
import type { OcrResult } from '../image/ocr.js';
import { encodePgm } from '../image/pnm.js';
import { readPage } from '../image/read-page.js';
import type { PdfDocument } from './pdfium.js';
import { renderPageGray, rotateGray, trimMargins, type GrayImage } from './render.js';

/** Below this mean word confidence, a reading is suspect. */
const RETRY_BELOW = 65;
/** A reading this confident ends the search. */
const GOOD_ENOUGH = 80;
/** The turns tried after the upright reading, most likely to help first. */
const RETRY_TURNS = [180, 90, 270] as const;
/** Paper kept around the ink when margins are cut off: a sixth of an inch. */
const MARGIN_INCH = 1 / 6;

export interface PageOcr extends OcrResult {
  /** Clockwise degrees the page was turned to read it. */
  rotation: number;
}

async function read(image: GrayImage, rotation: number, languages: string[]): Promise<PageOcr> {
  // The page's language is chosen among the allowed ones as for an image; turning is done here.
  const { text, confidence, inked } = await readPage(encodePgm(rotateGray(image, rotation)), languages, { dpi: image.dpi, upright: true });
  return { text, confidence, inked, rotation };
}

/** OCR of page `index` (0-based). */
export async function ocrPage(doc: PdfDocument, index: number, languages: string[], signal?: AbortSignal): Promise<PageOcr> {
  const rendered = renderPageGray(doc, index);
  signal?.throwIfAborted();
  // Only the inked part goes to tesseract; a page without ink has nothing to read.
  const image = trimMargins(rendered, Math.round(rendered.dpi * MARGIN_INCH));
  if (!image) return { text: '', confidence: 0, inked: false, rotation: 0 };
  let best = await read(image, 0, languages);
  // A reading with no letter or digit anywhere, even in lines too poor to keep, is a blank page,
  // which no turn will improve.
  if (best.confidence >= RETRY_BELOW || !best.inked) return best;
  for (const rotation of RETRY_TURNS) {
    signal?.throwIfAborted();
    const result = await read(image, rotation, languages);
    if (result.confidence > best.confidence) best = result;
    if (best.confidence >= GOOD_ENOUGH) break;
  }
  return best;
}
