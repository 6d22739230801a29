/**
 * PDF to Markdown. The text layer is read page by page with pdf.js and rebuilt into reading
 * order, paragraphs, headings and lists (see `pdf/`); pages without a usable text layer (scans)
 * are rendered and OCRed when the options allow it. Pages are kept apart in the result with
 * their exact spans in the Markdown, so chunks can cite page numbers.
 */
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { AppError, corruptDocument } from '../../errors.js';
import { detectLanguage, primaryLanguage } from '../core/language.js';
import { titleFromOutline } from '../core/outline.js';
import { joinLines, matchMarker, type Paragraph } from './blocks.js';
import { extractPage, FontCatalog, type PageText } from './extract.js';
import { openPdf, readMetadata } from './load.js';
import { renderPages, type PageLayout } from './markdown.js';
import { ocrPage } from './ocr-page.js';
import type { ConversionResult, ConvertedPage, ConvertInput, Converter, PreflightInput, PreflightLimits } from '../core/types.js';
import { resourceLimit } from '../core/nesting.js';

/** Fewer non-whitespace characters than this on a page means there is no real text layer. */
const MIN_TEXT_CHARS = 10;
/** A text layer with more unmappable glyphs than this is garbage (broken font encodings). */
const MAX_GARBAGE = 0.3;
/** How often pdf.js's per-document caches are dropped while reading a long document. */
const CLEANUP_EVERY_PAGES = 25;

/**
 * Refuses a PDF with more pages than the limit before any page is parsed.
 * @throws AppError RESOURCE_LIMIT
 */
async function checkPageCount({ bytes }: PreflightInput, limits: PreflightLimits): Promise<void> {
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

export const pdfConverter: Converter = {
  id: 'pdf',
  version: '1',
  label: 'PDF',
  mimeTypes: ['application/pdf'],
  extensions: ['pdf'],
  // The page count costs one pass over the cross-reference table; a 5,000-page PDF would
  // otherwise run for the whole wall-clock limit before failing TIMEOUT.
  preflight: checkPageCount,
  convert: convertPdf,
};

async function convertPdf(input: ConvertInput): Promise<ConversionResult> {
  input.signal?.throwIfAborted();
  // OCR needs the page images; reading text does not, so scans get a second, full document
  // only when some page turns out to need OCR.
  const pdf = await openPdf(input.bytes, { withImages: input.options.ocr === 'FORCE' });
  let rendering: Promise<PDFDocumentProxy> | undefined;
  const forRendering = () => (input.options.ocr === 'FORCE' ? Promise.resolve(pdf) : (rendering ??= openPdf(input.bytes)));
  try {
    const { metadata, language: declared } = await readMetadata(pdf);
    const pageCount = pdf.numPages;
    const fonts = new FontCatalog();
    const warnings: string[] = [];
    const layouts: PageLayout[] = [];
    let failed = 0;
    for (let n = 1; n <= pageCount; n++) {
      input.signal?.throwIfAborted();
      const layout = await convertPage(pdf, forRendering, n, fonts, input, warnings);
      if (!layout) failed++;
      layouts.push(layout ?? { width: 0, height: 0, paragraphs: [], ocr: false });
      input.onProgress?.({ page: n, pageCount });
      // pdf.js keeps every font (and its glyph paths) it has seen until told otherwise; on long
      // documents that, not the text, is what fills memory.
      if (n % CLEANUP_EVERY_PAGES === 0) await pdf.cleanup().catch(() => undefined);
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
      pages.push({ number: i + 1, text: page.text, ocr: layouts[i]!.ocr, charStart, charEnd: markdown.length });
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
    await pdf.destroy().catch(() => undefined);
    if (rendering) await (await rendering.catch(() => undefined))?.destroy().catch(() => undefined);
  }
}

/**
 * One page: its text layer, or OCR when asked for or when the text layer is missing or
 * garbage. A page that cannot be read is reported in the warnings and left empty rather than
 * failing the whole document, since the other pages are usually fine.
 */
async function convertPage(
  pdf: PDFDocumentProxy,
  forRendering: () => Promise<PDFDocumentProxy>,
  n: number,
  fonts: FontCatalog,
  { options, signal }: Pick<ConvertInput, 'options' | 'signal'>,
  warnings: string[],
): Promise<PageLayout | undefined> {
  let page: Awaited<ReturnType<PDFDocumentProxy['getPage']>> | undefined;
  try {
    page = await pdf.getPage(n);
    let text: PageText | undefined;
    try {
      text = await extractPage(page, fonts);
    } catch (err) {
      if (options.ocr === 'OFF') throw err;
    }
    if (options.ocr === 'FORCE' || (options.ocr === 'AUTO' && (!text || needsOcr(text)))) {
      try {
        const ocr = await ocrWithImages(await forRendering(), pdf, page, options.languages, signal);
        const chars = ocr.text.replace(/\s/g, '').length;
        if (options.ocr === 'FORCE' || !text || chars > text.chars) {
          const view = page.getViewport({ scale: 1 });
          return { width: view.width, height: view.height, paragraphs: ocrParagraphs(ocr.text, view.height), ocr: true };
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
    // pdf.js failures on one page (bad streams, broken fonts) cost that page, not the document.
    warnings.push(`page ${n}: could not be read (${message(err)})`);
    return undefined;
  } finally {
    page?.cleanup();
  }
}

/** OCR of page `page.pageNumber`, from the document that kept its images. */
async function ocrWithImages(
  full: PDFDocumentProxy,
  textOnly: PDFDocumentProxy,
  page: PDFPageProxy,
  languages: string[],
  signal?: AbortSignal,
) {
  if (full === textOnly) return ocrPage(full, page, languages, signal);
  const same = await full.getPage(page.pageNumber);
  try {
    return await ocrPage(full, same, languages, signal);
  } finally {
    same.cleanup();
  }
}

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
