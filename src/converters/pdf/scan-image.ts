/**
 * The fast way to rasterise a scanned page: when all a page draws is one image (through
 * transforms, rectangular clips and forms), its pixels are scaled into the page raster
 * directly, in grey. Rendering it through the canvas instead made pdf.js expand the image to
 * RGBA, copy it onto a temporary canvas, let Skia scale it, and hand the page back as RGBA:
 * about twice the work of decoding the image, for the same pixels at the end.
 *
 * Anything else on the page (text, vector drawing, masks, transparency, transfer functions,
 * optional content, annotations), a placement that is not axis-aligned, or a scale that is not
 * a whole number of image pixels per page pixel returns undefined, and the caller renders
 * through the canvas as before.
 */
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { Util } from './pdfjs.js';

// Loaded by ./pdfjs.js above, which must run first (it repairs what pdf.js's polyfills replace).
const { OPS, ImageKind } = await import('pdfjs-dist/legacy/build/pdf.mjs');

type Matrix = [number, number, number, number, number, number];
/** Device-space rectangle: x0 ≤ x < x1, y0 ≤ y < y1. */
interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
interface DecodedImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}
interface Placement {
  image: string | DecodedImage;
  ctm: Matrix;
  clip: Rect;
}

/** Operators that change no pixel of an image drawn after them. */
const NEUTRAL = new Set<number>([
  OPS.dependency,
  OPS.setLineWidth,
  OPS.setLineCap,
  OPS.setLineJoin,
  OPS.setMiterLimit,
  OPS.setDash,
  OPS.setRenderingIntent,
  OPS.setFlatness,
  OPS.beginMarkedContent,
  OPS.endMarkedContent,
  OPS.beginCompat,
  OPS.endCompat,
  OPS.setStrokeColorSpace,
  OPS.setFillColorSpace,
  OPS.setStrokeColor,
  OPS.setStrokeColorN,
  OPS.setFillColor,
  OPS.setFillColorN,
  OPS.setStrokeGray,
  OPS.setFillGray,
  OPS.setStrokeRGBColor,
  OPS.setFillRGBColor,
  OPS.setStrokeCMYKColor,
  OPS.setFillCMYKColor,
]);

/** Graphics-state entries that leave an opaque image as it is (alpha 1, normal blending, …). */
function harmlessState([key, value]: [string, unknown]): boolean {
  if (key === 'CA' || key === 'ca') return value === 1;
  if (key === 'BM') return value === 'source-over' || value === 'Normal' || value === 'Compatible';
  if (key === 'SMask') return value === false || value === undefined || value === null;
  return ['LW', 'LC', 'LJ', 'ML', 'D', 'RI', 'FL', 'SA', 'OP', 'op', 'OPM', 'Font'].includes(key);
}

/** Whether a matrix keeps rectangles axis-aligned (no skew, rotation by quarter turns only). */
const axisAligned = ([a, b, c, d]: Matrix) => (Math.abs(b) < 1e-9 && Math.abs(c) < 1e-9) || (Math.abs(a) < 1e-9 && Math.abs(d) < 1e-9);

function deviceRect(x0: number, y0: number, x1: number, y1: number, m: Matrix): Rect {
  const ax = x0 * m[0] + y0 * m[2] + m[4];
  const ay = x0 * m[1] + y0 * m[3] + m[5];
  const bx = x1 * m[0] + y1 * m[2] + m[4];
  const by = x1 * m[1] + y1 * m[3] + m[5];
  return { x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) };
}

const intersect = (r: Rect, s: Rect): Rect => ({
  x0: Math.max(r.x0, s.x0),
  y0: Math.max(r.y0, s.y0),
  x1: Math.min(r.x1, s.x1),
  y1: Math.min(r.y1, s.y1),
});

/** A clip path's device rectangle, when the path is a rectangle (pdf.js: moveTo 0, lineTo 1, closePath 4). */
function rectangleClip(path: ArrayLike<number> | undefined, minMax: ArrayLike<number> | undefined, m: Matrix): Rect | undefined {
  if (!path || !minMax || minMax.length < 4 || !axisAligned(m)) return undefined;
  const [minX, minY, maxX, maxY] = [minMax[0]!, minMax[1]!, minMax[2]!, minMax[3]!];
  for (let i = 0; i < path.length;) {
    const op = path[i]!;
    if (op === 4) {
      i += 1;
      continue;
    }
    if (op !== 0 && op !== 1) return undefined;
    const x = path[i + 1]!;
    const y = path[i + 2]!;
    if ((x !== minX && x !== maxX) || (y !== minY && y !== maxY)) return undefined;
    i += 3;
  }
  return deviceRect(minX, minY, maxX, maxY, m);
}

/** The one image a page draws and where, or undefined if the page draws anything else. */
function soleImage(fnArray: number[], argsArray: unknown[][], viewport: Matrix, page: Rect): Placement | undefined {
  let ctm = viewport;
  let clip = page;
  let pendingClip = false;
  let found: Placement | undefined;
  const stack: Array<{ ctm: Matrix; clip: Rect }> = [];
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    const args = argsArray[i] ?? [];
    switch (fn) {
      case OPS.save:
        stack.push({ ctm, clip });
        break;
      case OPS.restore:
      case OPS.paintFormXObjectEnd:
        ({ ctm, clip } = stack.pop() ?? { ctm, clip });
        break;
      case OPS.transform:
        ctm = Util.transform(ctm, args) as Matrix;
        break;
      case OPS.paintFormXObjectBegin: {
        stack.push({ ctm, clip });
        const [matrix, bbox] = args as [Matrix | null, number[] | null];
        if (matrix) ctm = Util.transform(ctm, matrix) as Matrix;
        if (bbox) {
          if (!axisAligned(ctm)) return undefined;
          clip = intersect(clip, deviceRect(bbox[0]!, bbox[1]!, bbox[2]!, bbox[3]!, ctm));
        }
        break;
      }
      case OPS.setGState:
        if (!(args[0] as Array<[string, unknown]>).every(harmlessState)) return undefined;
        break;
      case OPS.clip:
      case OPS.eoClip:
        pendingClip = true;
        break;
      case OPS.constructPath: {
        // A path that is only used to clip (ended without painting) is fine if it is a rectangle.
        const [op, data, minMax] = args as [number, Array<ArrayLike<number>>, ArrayLike<number>];
        if (op !== OPS.endPath) return undefined;
        if (pendingClip) {
          const rect = rectangleClip(data?.[0], minMax, ctm);
          if (!rect) return undefined;
          clip = intersect(clip, rect);
          pendingClip = false;
        }
        break;
      }
      case OPS.beginMarkedContentProps:
        // Optional content can hide what follows; other tags (artifacts, MCIDs) change nothing.
        if (args[0] === 'OC') return undefined;
        break;
      case OPS.paintImageXObject:
      case OPS.paintInlineImageXObject:
        // A degenerate matrix draws nothing visible; leave such oddities to the canvas.
        if (found || !axisAligned(ctm) || Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]) < 1e-9) return undefined;
        found = { image: args[0] as string | DecodedImage, ctm, clip };
        break;
      default:
        if (!NEUTRAL.has(fn)) return undefined;
    }
  }
  return found;
}

/**
 * Whether `source` pixels fall into `cells` groups of one whole size (1 for a 300 DPI scan, 2
 * for 600 DPI), give or take a few at the edges. Averaging such groups is what Skia's smoothed
 * downscale produces too; for other ratios it filters differently, so those pages, and images
 * that would have to be enlarged, go through the canvas.
 */
function evenCells(source: number, cells: number): boolean {
  if (cells > source) return false;
  const size = Math.round(source / cells);
  return Math.abs(source - size * cells) <= 2 + source * 0.002;
}

function decoded(page: PDFPageProxy, image: string | DecodedImage): Promise<DecodedImage | undefined> {
  if (typeof image !== 'string') return Promise.resolve(image);
  // As pdf.js's canvas does: images shared across pages live in commonObjs under "g_" ids.
  const store = image.startsWith('g_') ? page.commonObjs : page.objs;
  return new Promise((resolve) => store.get(image, (data: unknown) => resolve((data ?? undefined) as DecodedImage | undefined)));
}

/**
 * Scale the image's rows into grey cells by plain averaging (each source pixel belongs to one
 * cell), in the image's own orientation: `cols` × `rows` cells.
 */
function averageGray(img: DecodedImage, cols: number, rows: number): Uint8Array | undefined {
  const { width: w, height: h, kind, data } = img;
  const stride =
    kind === ImageKind.RGB_24BPP ? w * 3 : kind === ImageKind.RGBA_32BPP ? w * 4 : kind === ImageKind.GRAYSCALE_1BPP ? (w + 7) >> 3 : 0;
  if (!data || stride === 0 || data.length < stride * h) return undefined;
  const colOf = new Uint32Array(w);
  const perCol = new Uint32Array(cols);
  for (let u = 0; u < w; u++) {
    const col = Math.min(cols - 1, Math.floor((u * cols) / w));
    colOf[u] = col;
    perCol[col]!++;
  }
  const out = new Uint8Array(cols * rows);
  // Sums are of luma × 256 (the integer weights 77/150/29 that leptonica uses too).
  const sums = new Float64Array(cols);
  let row = 0;
  let rowsInCell = 0;
  const flush = () => {
    for (let col = 0; col < cols; col++) {
      out[row * cols + col] = Math.round(sums[col]! / (256 * perCol[col]! * rowsInCell));
      sums[col] = 0;
    }
  };
  for (let v = 0; v < h; v++) {
    const target = Math.min(rows - 1, Math.floor((v * rows) / h));
    if (target !== row) {
      if (rowsInCell > 0) flush();
      row = target;
      rowsInCell = 0;
    }
    rowsInCell++;
    const base = v * stride;
    if (kind === ImageKind.RGB_24BPP && w === 2 * cols) {
      // Halving (a 600 DPI scan): twice as fast unrolled as through the column table.
      for (let col = 0, j = base; col < cols; col++, j += 6) {
        sums[col]! += 77 * (data[j]! + data[j + 3]!) + 150 * (data[j + 1]! + data[j + 4]!) + 29 * (data[j + 2]! + data[j + 5]!);
      }
    } else if (kind === ImageKind.RGB_24BPP) {
      for (let u = 0, j = base; u < w; u++, j += 3) sums[colOf[u]!]! += 77 * data[j]! + 150 * data[j + 1]! + 29 * data[j + 2]!;
    } else if (kind === ImageKind.RGBA_32BPP) {
      // Not premultiplied: composite over white paper.
      for (let u = 0, j = base; u < w; u++, j += 4) {
        const luma = 77 * data[j]! + 150 * data[j + 1]! + 29 * data[j + 2]!;
        const alpha = data[j + 3]! / 255;
        sums[colOf[u]!]! += luma * alpha + 65_280 * (1 - alpha);
      }
    } else {
      // 1 bit per pixel, most significant first; a set bit is white (pdf.js has applied /Decode).
      for (let u = 0; u < w; u++) if (data[base + (u >> 3)]! & (0x80 >> (u & 7))) sums[colOf[u]!]! += 65_280;
    }
  }
  if (rowsInCell > 0) flush();
  return out;
}

/**
 * The page as grey pixels if it is a scan (one image, placed axis-aligned, a whole number of its
 * pixels to each raster pixel), else undefined. `viewport` maps PDF user space to the raster, as for rendering.
 */
export async function renderScanGray(page: PDFPageProxy, viewport: Matrix, width: number, height: number): Promise<Uint8Array | undefined> {
  const ops = await page.getOperatorList();
  const placed = soleImage(ops.fnArray, ops.argsArray as unknown[][], viewport, { x0: 0, y0: 0, x1: width, y1: height });
  if (!placed) return undefined;
  const img = await decoded(page, placed.image);
  if (!img || !(img.width > 0 && img.height > 0)) return undefined;
  // The image fills the unit square: pixel (u, v) sits at (u / w, 1 - v / h) before the CTM.
  const [a, b, c, d] = placed.ctm;
  const rect = deviceRect(0, 0, 1, 1, placed.ctm);
  const x0 = Math.round(rect.x0);
  const y0 = Math.round(rect.y0);
  const spanX = Math.max(1, Math.round(rect.x1) - x0);
  const spanY = Math.max(1, Math.round(rect.y1) - y0);
  // Quarter-turned placements (a = d = 0) run the image's rows along the raster's columns.
  const turned = Math.abs(a) < 1e-9;
  const cols = turned ? spanY : spanX;
  const rows = turned ? spanX : spanY;
  if (!evenCells(img.width, cols) || !evenCells(img.height, rows)) return undefined;
  const cells = averageGray(img, cols, rows);
  if (!cells) return undefined;

  const out = new Uint8Array(width * height).fill(255);
  const cx0 = Math.max(0, Math.round(placed.clip.x0), x0);
  const cy0 = Math.max(0, Math.round(placed.clip.y0), y0);
  const cx1 = Math.min(width, Math.round(placed.clip.x1), x0 + spanX);
  const cy1 = Math.min(height, Math.round(placed.clip.y1), y0 + spanY);
  for (let y = cy0; y < cy1; y++) {
    const Y = y - y0;
    const at = y * width;
    if (!turned) {
      // Raster row Y is one row of cells, in order or mirrored.
      const v = d < 0 ? Y : rows - 1 - Y;
      const row = v * cols;
      if (a > 0) {
        out.set(cells.subarray(row + cx0 - x0, row + cx1 - x0), at + cx0);
      } else {
        for (let x = cx0; x < cx1; x++) out[at + x] = cells[row + cols - 1 - (x - x0)]!;
      }
    } else {
      // Raster row Y is one column of cells: u follows Y, v follows X.
      const u = b > 0 ? Y : cols - 1 - Y;
      for (let x = cx0; x < cx1; x++) {
        const X = x - x0;
        out[at + x] = cells[(c < 0 ? X : rows - 1 - X) * cols + u]!;
      }
    }
  }
  return out;
}
