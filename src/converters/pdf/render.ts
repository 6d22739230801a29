/**
 * Rasterising a page for OCR. 300 DPI is where tesseract's accuracy levels off; the pixel cap
 * keeps oversized pages (posters, drawings) from allocating gigabytes of canvas.
 */
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

const OCR_DPI = 300;
/** About an A3 page at 300 DPI. */
const MAX_PIXELS = 18_000_000;

/** The canvas pdf.js creates in Node (@napi-rs/canvas), as far as we use it. */
interface NodeCanvas {
  width: number;
  height: number;
  encode(format: 'png'): Promise<Buffer>;
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
 * Render a page to PNG bytes at OCR resolution, turned by `rotation` degrees (clockwise) on
 * top of the page's own /Rotate, for scans placed on the page sideways or upside down.
 */
export async function renderPagePng(
  pdf: PDFDocumentProxy,
  page: PDFPageProxy,
  rotation = 0,
): Promise<Buffer> {
  const base = page.getViewport({ scale: 1 });
  const area = Math.max(1, base.width * base.height);
  const scale = Math.min(OCR_DPI / 72, Math.sqrt(MAX_PIXELS / area));
  const viewport = page.getViewport({ scale, rotation: (page.rotate + rotation) % 360 });
  const factory = pdf.canvasFactory as CanvasFactory;
  const target = factory.create(Math.max(1, Math.ceil(viewport.width)), Math.max(1, Math.ceil(viewport.height)));
  try {
    // Transparent pixels would reach tesseract as black: paint paper white first.
    target.context.fillStyle = '#ffffff';
    target.context.fillRect(0, 0, target.canvas.width, target.canvas.height);
    await page.render({
      canvasContext: target.context as never,
      canvas: target.canvas as never,
      viewport,
    }).promise;
    return await target.canvas.encode('png');
  } finally {
    factory.destroy(target);
  }
}
