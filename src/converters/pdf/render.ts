/**
 * Rasterising a page for OCR with PDFium. 300 DPI is where tesseract's accuracy levels off; the
 * pixel cap keeps oversized pages (posters, drawings) from allocating gigabytes.
 *
 * PDFium renders straight into an 8-bit grey bitmap: tesseract binarises grey anyway, and raw
 * grey pixels need no encoding here nor decoding inside tesseract's WebAssembly worker. Turning
 * the page for another reading is then a pixel shuffle instead of a second render.
 */
import type { PdfDocument } from './pdfium.js';

/** The resolution pages are rendered at for OCR, also what tesseract is told. */
export const OCR_DPI = 300;
/** About an A3 page at 300 DPI. */
const MAX_PIXELS = 18_000_000;

/** An 8-bit greyscale raster, one byte per pixel, rows top to bottom. */
export interface GrayImage {
  width: number;
  height: number;
  pixels: Uint8Array;
  /** Pixels per inch of the page; lower than OCR_DPI only for pages over the pixel cap. */
  dpi: number;
}

/** FPDFBitmap_Gray: one byte per pixel. */
const BITMAP_GRAY = 1;
/** FPDF_ANNOT: draw annotation appearances (stamps, filled-in forms), as a viewer shows them. */
const RENDER_FLAGS = 0x01;
const WHITE = 0xffffffff;

/**
 * Render page `index` (0-based; upright as its /Rotate says) to grey pixels at OCR resolution.
 * @throws Error when PDFium cannot load the page or allocate the bitmap
 */
export function renderPageGray(doc: PdfDocument, index: number): GrayImage {
  const { m, heap } = doc;
  const page = m.FPDF_LoadPage(doc.handle, index);
  if (!page) throw new Error(`page ${index + 1} could not be loaded`);
  try {
    const baseWidth = m.FPDF_GetPageWidthF(page);
    const baseHeight = m.FPDF_GetPageHeightF(page);
    const area = Math.max(1, baseWidth * baseHeight);
    const scale = Math.min(OCR_DPI / 72, Math.sqrt(MAX_PIXELS / area));
    const width = Math.max(1, Math.ceil(baseWidth * scale));
    const height = Math.max(1, Math.ceil(baseHeight * scale));
    const bitmap = m.FPDFBitmap_CreateEx(width, height, BITMAP_GRAY, 0, 0);
    if (!bitmap) throw new Error(`no memory for a ${width}×${height} rendering of page ${index + 1}`);
    try {
      // Transparent pixels would reach tesseract as black: paint paper white first.
      m.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, WHITE);
      m.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, RENDER_FLAGS);
      const stride = m.FPDFBitmap_GetStride(bitmap);
      const buffer = m.FPDFBitmap_GetBuffer(bitmap);
      const pixels = new Uint8Array(width * height);
      for (let y = 0; y < height; y++) pixels.set(heap.HEAPU8.subarray(buffer + y * stride, buffer + y * stride + width), y * width);
      return { width, height, pixels, dpi: Math.round(scale * 72) };
    } finally {
      m.FPDFBitmap_Destroy(bitmap);
    }
  } finally {
    m.FPDF_ClosePage(page);
  }
}

/**
 * The image turned clockwise by 90, 180 or 270 degrees (0 returns it as is). A scan placed on
 * the page sideways or upside down reads upright after the matching turn.
 */
export function rotateGray(image: GrayImage, degrees: number): GrayImage {
  const { width: w, height: h, pixels: src } = image;
  const turn = ((degrees % 360) + 360) % 360;
  if (turn === 0) return image;
  if (turn === 180) return { ...image, pixels: src.slice().reverse() };
  if (turn !== 90 && turn !== 270) throw new RangeError(`rotateGray: ${degrees} is not a multiple of 90`);
  const out = new Uint8Array(src.length);
  // The result is h wide and w high; walking the source row by row keeps its reads sequential.
  for (let y = 0; y < h; y++) {
    const row = y * w;
    if (turn === 90) {
      // Source (x, y) lands at column h-1-y of row x.
      const col = h - 1 - y;
      for (let x = 0; x < w; x++) out[x * h + col] = src[row + x]!;
    } else {
      // Source (x, y) lands at column y of row w-1-x.
      for (let x = 0; x < w; x++) out[(w - 1 - x) * h + y] = src[row + x]!;
    }
  }
  return { ...image, width: h, height: w, pixels: out };
}

/** Darker than this is ink; paper, even a greyish scan's, is lighter. */
const INK_BELOW = 224;

/**
 * The image cut down to the box around its ink, with `margin` pixels of paper kept around it
 * (tesseract reads text that touches the edge poorly); undefined when there is no ink at all.
 * Tesseract's cost grows with the pixels it analyses, and page margins are often a third of
 * them; a scan with dark edges or specks near them keeps its size, which costs nothing.
 */
export function trimMargins(image: GrayImage, margin: number): GrayImage | undefined {
  const { width: w, height: h, pixels: p } = image;
  const rowHasInk = (y: number) => {
    for (let i = y * w, end = i + w; i < end; i++) if (p[i]! < INK_BELOW) return true;
    return false;
  };
  let top = 0;
  while (top < h && !rowHasInk(top)) top++;
  if (top === h) return undefined;
  let bottom = h - 1;
  while (bottom > top && !rowHasInk(bottom)) bottom--;
  let left = w - 1;
  let right = 0;
  for (let y = top; y <= bottom; y++) {
    const row = y * w;
    for (let x = 0; x < left; x++) if (p[row + x]! < INK_BELOW) left = x;
    for (let x = w - 1; x > right; x--) if (p[row + x]! < INK_BELOW) right = x;
  }
  right = Math.max(left, right);
  const x0 = Math.max(0, left - margin);
  const y0 = Math.max(0, top - margin);
  const x1 = Math.min(w, right + margin + 1);
  const y1 = Math.min(h, bottom + margin + 1);
  if (x0 === 0 && y0 === 0 && x1 === w && y1 === h) return image;
  const cw = x1 - x0;
  const out = new Uint8Array(cw * (y1 - y0));
  for (let y = y0; y < y1; y++) out.set(p.subarray(y * w + x0, y * w + x1), (y - y0) * cw);
  return { ...image, width: cw, height: y1 - y0, pixels: out };
}
