/**
 * PDF to Markdown. The text layer is read page by page with PDFium (pdfium.ts) and rebuilt into
 * reading order, paragraphs, headings and lists (see `pdf/`); pages without a usable text layer
 * (scans) are rendered by PDFium and OCRed when the options allow it. Pages are kept apart in
 * the result with their exact spans in the Markdown, so chunks can cite page numbers.
 */
import { AppError, corruptDocument } from '../../errors.js';
import { detectLanguage, primaryLanguage } from '../core/language.js';
import { titleFromOutline } from '../core/title.js';
import { joinLines, matchMarker, type Paragraph } from './blocks.js';
import { extractPage, type PageText } from './extract.js';
import { readMetadata } from './load.js';
import { renderPages, type PageLayout } from './markdown.js';
import { ocrPage } from './ocr-page.js';
import { openDocument, type PdfDocument } from './pdfium.js';
import { checkPdfPageCount } from './preflight.js';
import { pdfDeclaration } from './pdf.declaration.js';
import type { ConversionResult, ConvertedPage, ConvertInput, Converter } from '../core/types.js';

/** Fewer non-whitespace characters than this on a page means there is no real text layer. */
const MIN_TEXT_CHARS = 10;
/** Pages read before the document is reopened to drop PDFium's caches. */
const RECYCLE_PAGES = 48;
/** A text layer with more unmappable glyphs than this is garbage (broken font encodings). */
const MAX_GARBAGE = 0.3;

export const pdfConverter: Converter = { ...pdfDeclaration, preflight: checkPdfPageCount, convert: convertPdf };

async function convertPdf(input: ConvertInput): Promise<ConversionResult> {
  input.signal?.throwIfAborted();
  const doc = await openDocument(input.bytes);
  try {
    const { metadata, language: declared } = readMetadata(doc);
    const pageCount = doc.pageCount;
    const warnings: string[] = [];
    const layouts: PageLayout[] = [];
    let failed = 0;
    for (let n = 1; n <= pageCount; n++) {
      input.signal?.throwIfAborted();
      const layout = await convertPage(doc, n, input, warnings);
      if (!layout) failed++;
      layouts.push(layout ?? { width: 0, height: 0, paragraphs: [], ocr: false });
      input.onProgress?.({ page: n, pageCount });
      // OCR and progress are the only awaits; yield now and then on text-only documents too,
      // so an abort (cancel, time limit) is seen between pages.
      if (n % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
      // PDFium keeps every object it has parsed (fonts, image streams) until the document is
      // closed, and WebAssembly memory never shrinks: reopening now and then bounds the heap
      // (a 50 MB, 672-page file: 306 → 71 MiB) for the price of re-reading the xref table. The
      // copy of the input stays in the heap: copying it again cost more than the re-read.
      if (n % RECYCLE_PAGES === 0 && n < pageCount) doc.reload();
    }
    input.signal?.throwIfAborted();
    if (pageCount > 0 && failed === pageCount) {
      throw corruptDocument(`None of the ${pageCount} pages of the PDF could be read`);
    }

    const rendered = renderPages(layouts);
    const pages: ConvertedPage[] = [];
    let markdown = '';
    rendered.forEach((page, i) => {
      if (page.markdown && markdown) markdown += '\n\n';
      const charStart = markdown.length;
      markdown += page.markdown;
      const { width, height } = layouts[i]!;
      const lines = page.lines.map((l) => ({
        charStart: charStart + l.start,
        charEnd: charStart + l.end,
        x: round(l.x),
        y: round(l.y),
        width: round(l.width),
        height: round(l.height),
      }));
      pages.push({ number: i + 1, text: page.text, ocr: layouts[i]!.ocr, charStart, charEnd: markdown.length, width, height, lines });
    });
    const text = rendered
      .map((p) => p.text)
      .filter(Boolean)
      .join('\n\n');
    const outline = rendered.flatMap((p) => p.headings);
    if (warnings.length) metadata.warnings = warnings;
    return {
      markdown: markdown ? `${markdown}\n` : '',
      text,
      pages,
      pageCount,
      title: metadata.title ?? titleFromOutline(outline),
      language: detectLanguage(text) ?? primaryLanguage(declared),
      metadata,
      outline,
    };
  } finally {
    doc.close();
  }
}

/**
 * One page: its text layer, or OCR when asked for or when the text layer is missing or
 * garbage. A page that cannot be read is reported in the warnings and left empty rather than
 * failing the whole document, since the other pages are usually fine.
 */
async function convertPage(
  doc: PdfDocument,
  n: number,
  { options, signal }: Pick<ConvertInput, 'options' | 'signal'>,
  warnings: string[],
): Promise<PageLayout | undefined> {
  try {
    let text: PageText | undefined;
    try {
      text = extractPage(doc, n - 1);
    } catch (err) {
      if (options.ocr === 'OFF') throw err;
    }
    if (options.ocr === 'FORCE' || (options.ocr === 'AUTO' && (!text || needsOcr(text)))) {
      try {
        const ocr = await ocrPage(doc, n - 1, options.languages, signal);
        const chars = ocr.text.replace(/\s/g, '').length;
        if (options.ocr === 'FORCE' || !text || chars > text.chars) {
          const { width, height } = pageSize(doc, n - 1);
          return { width, height, paragraphs: ocrParagraphs(ocr.text, height), ocr: true };
        }
      } catch (err) {
        if (signal?.aborted) throw err;
        warnings.push(`page ${n}: OCR failed (${message(err)})`);
      }
    }
    if (!text) throw corruptDocument(`Page ${n} has no readable content`);
    return { width: text.width, height: text.height, paragraphs: text.paragraphs, ocr: false };
  } catch (err) {
    if (signal?.aborted || (err instanceof AppError && err.code !== 'CORRUPT_DOCUMENT')) throw err;
    // Failures on one page (bad streams, broken fonts) cost that page, not the document.
    warnings.push(`page ${n}: could not be read (${message(err)})`);
    return undefined;
  }
}

/** The displayed size of page `index` in points, without loading the page. */
function pageSize(doc: PdfDocument, index: number): { width: number; height: number } {
  const out = doc.heap._malloc(16);
  try {
    if (!doc.m.FPDF_GetPageSizeByIndexF(doc.handle, index, out)) return { width: 0, height: 0 };
    return { width: doc.heap.HEAPF32[out >> 2]!, height: doc.heap.HEAPF32[(out >> 2) + 1]! };
  } finally {
    doc.heap._free(out);
  }
}

/** Boxes to a hundredth of a point: finer than any screen, and a third of the JSON. */
const round = (v: number) => Math.round(v * 100) / 100;

function needsOcr(text: PageText): boolean {
  return text.chars < MIN_TEXT_CHARS || text.garbage > MAX_GARBAGE;
}

function message(err: unknown): string {
  return (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 200);
}

/**
 * Tesseract separates paragraphs with blank lines and keeps line breaks inside them; rejoin the
 * lines (undoing hyphenation) and recognise list items the same way as for text layers.
 */
export function ocrParagraphs(text: string, pageHeight: number): Paragraph[] {
  const out: Paragraph[] = [];
  const mid = pageHeight / 2;
  const base = { size: 0, emphasized: false, top: mid, bottom: mid, x0: 0, x1: 0 };
  for (const block of text.split(/\n\s*\n/)) {
    let cur: Paragraph | undefined;
    for (const raw of block.split('\n')) {
      const line = raw.replace(/\s+/g, ' ').trim();
      if (!line) continue;
      const marker = matchMarker(line);
      if (marker || !cur) {
        cur = marker
          ? {
              ...base,
              text: marker.rest,
              lineCount: 1,
              list: { marker: marker.marker, start: 0, ...(marker.number !== undefined ? { number: marker.number } : {}) },
            }
          : { ...base, text: line, lineCount: 1 };
        out.push(cur);
      } else {
        cur.text = joinLines(cur.text, line);
        cur.lineCount++;
      }
    }
  }
  return out;
}
