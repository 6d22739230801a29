/**
 * Rasterising a page for OCR. 300 DPI is where tesseract's accuracy levels off; the pixel cap
 * keeps oversized pages (posters, drawings) from allocating gigabytes of canvas.
 *
 * The page comes out as 8-bit grey pixels rather than an encoded image: tesseract binarises
 * grey anyway, and a PNG at 300 DPI cost more to encode here and to decode again inside the
 * WebAssembly worker than recognising a sparse page did. Turning the page for another reading
 * is then a pixel shuffle instead of a second pdf.js render.
 */
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { renderScanGray } from './scan-image.js';

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

/** The canvas pdf.js creates in Node (@napi-rs/canvas), as far as we use it. */
interface NodeCanvas {
  width: number;
  height: number;
  /** The raw pixels, RGBA (premultiplied; the page is opaque, so that changes nothing). */
  data(): Buffer;
}
interface CanvasAndContext {
  canvas: NodeCanvas;
  context: CanvasRenderingContext2DLike;
}
interface CanvasRenderingContext2DLike {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
}
interface CanvasFactory {
  create(width: number, height: number): CanvasAndContext;
  destroy(canvasAndContext: CanvasAndContext): void;
}

/**
 * Render a page (upright as its /Rotate says) to grey pixels at OCR resolution. A scanned page
 * (one image) is scaled directly (see scan-image.ts) unless `direct` is false, which forces the
 * canvas the direct path must match.
 */
export async function renderPageGray(
  pdf: PDFDocumentProxy,
  page: PDFPageProxy,
  { direct = true }: { direct?: boolean } = {},
): Promise<GrayImage> {
  const base = page.getViewport({ scale: 1 });
  const area = Math.max(1, base.width * base.height);
  const scale = Math.min(OCR_DPI / 72, Math.sqrt(MAX_PIXELS / area));
  const viewport = page.getViewport({ scale, rotation: page.rotate });
  const factory = pdf.canvasFactory as CanvasFactory;
  const width = Math.max(1, Math.ceil(viewport.width));
  const height = Math.max(1, Math.ceil(viewport.height));
  const dpi = Math.round(scale * 72);
  if (direct) {
    const scan = await renderScanGray(page, viewport.transform as [number, number, number, number, number, number], width, height);
    if (scan) return { width, height, pixels: scan, dpi };
  }
  const target = factory.create(width, height);
  try {
    // Transparent pixels would reach tesseract as black: paint paper white first.
    target.context.fillStyle = '#ffffff';
    target.context.fillRect(0, 0, width, height);
    await page.render({
      canvasContext: target.context as never,
      canvas: target.canvas as never,
      viewport,
    }).promise;
    return { width, height, pixels: toGray(target.canvas.data()), dpi };
  } finally {
    factory.destroy(target);
  }
}

/** RGBA to luma with the integer ITU-R 601 weights (what leptonica uses for RGB input too). */
function toGray(rgba: Uint8Array): Uint8Array {
  const gray = new Uint8Array(rgba.length >> 2);
  for (let i = 0, j = 0; i < gray.length; i++, j += 4) {
    gray[i] = (77 * rgba[j]! + 150 * rgba[j + 1]! + 29 * rgba[j + 2]! + 128) >> 8;
  }
  return gray;
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
