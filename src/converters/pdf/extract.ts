/**
 * Reading one page's text layer into paragraphs. PDFium reports characters in content-stream
 * order, each with its box, origin, matrix and font; consecutive characters of one text object
 * on one baseline become a run (a text item, as pdf.js called it), and the layout code (lines,
 * blocks, reading order, tables) rebuilds lines and paragraphs from the runs' geometry.
 * Coordinates go through the page's display matrix so /Rotate and cropped media boxes come out
 * upright and top-down like the rendered page, in PDF points.
 */
import { buildParagraphs, type Paragraph } from './blocks.js';
import { dedupeRuns } from './dedupe.js';
import { isEmphasisFont } from './fonts.js';
import { buildLines, mergeRotated, rotatedLine, type Line, type Run } from './lines.js';
import { charCallsOf, scratch, type PdfDocument, type Scratch } from './pdfium.js';

export interface PageText {
  width: number;
  height: number;
  paragraphs: Paragraph[];
  /** Non-whitespace characters in the text layer, to decide whether OCR is needed. */
  chars: number;
  /** Share of those characters that are replacement, private-use or control characters. */
  garbage: number;
}

/** Replacement, private-use and control characters of the BMP: what broken font encodings yield. */
const GARBAGE = new Uint8Array(0x10000);
for (const [from, to] of [
  [0x00, 0x08],
  [0x0e, 0x1f],
  [0x80, 0x9f],
  [0xe000, 0xf8ff],
  [0xfffd, 0xfffd],
] as const) {
  GARBAGE.fill(1, from, to + 1);
}
/**
 * A table rather than a chain of comparisons: a comparison first reached on page 200 (the first
 * private-use glyph) would make V8 recompile the glyph loop. Negative codes are garbage too.
 */
const isGarbage = (code: number) => (code >>> 0 < 0x10000 ? GARBAGE[code] === 1 : code < 0);
const COMBINING = /^\p{M}/u;
const SPACE = /^\s$/;
/** A gap between two glyphs of one run wider than this (in font sizes) starts a new run. */
const RUN_GAP = 0.6;

/** Page space (PDF user space, y up) to the upright, top-down page the reader sees, in points. */
type Matrix = Float64Array;

/**
 * The page's display matrix, sampled through FPDF_PageToDevice (which applies /Rotate and the
 * crop box) at 100 device units per point, since it answers in whole device units.
 */
function displayMatrix(doc: PdfDocument, page: number, width: number, height: number, out: Scratch): Matrix {
  const K = 100;
  const at = (x: number, y: number) => {
    doc.m.FPDF_PageToDevice(page, 0, 0, Math.round(width * K), Math.round(height * K), 0, x, y, out.ptr, out.ptr + 4);
    return [out.i32(0) / K, out.i32(1) / K] as const;
  };
  const [e, f] = at(0, 0);
  const [ax, ay] = at(100, 0);
  const [cx, cy] = at(0, 100);
  // A typed array: a plain array's element kind (small integers on an upright page, doubles
  // otherwise) changes from page to page, and each change cost V8 a deoptimization.
  return Float64Array.of((ax - e) / 100, (ay - f) / 100, (cx - e) / 100, (cy - f) / 100, e, f);
}

interface Glyphs {
  /** Upright and rotated runs in content order; split apart outside the glyph loop. */
  runs: OpenRun[];
  chars: number;
  bad: number;
}

/** Extract a page's text layer as paragraphs in reading order. */
export function extractPage(doc: PdfDocument, index: number): PageText {
  const { m } = doc;
  const page = m.FPDF_LoadPage(doc.handle, index);
  if (!page) throw new Error(`page ${index + 1} could not be loaded`);
  const out = scratch(doc.heap, 64);
  try {
    const width = m.FPDF_GetPageWidthF(page);
    const height = m.FPDF_GetPageHeightF(page);
    const text = m.FPDFText_LoadPage(page);
    if (!text) throw new Error(`the text of page ${index + 1} could not be read`);
    let glyphs: Glyphs;
    try {
      glyphs = readGlyphs(doc, text, displayMatrix(doc, page, width, height, out), out);
    } finally {
      m.FPDFText_ClosePage(text);
    }
    const upright: Run[] = [];
    const rotated: Line[] = [];
    for (const r of glyphs.runs) {
      if (r.rotated) rotated.push(rotatedLine(r.text, r.x0, r.baseline, r.size, r.emphasized));
      else upright.push(r);
    }
    const lines = [...buildLines(dedupeRuns(upright)), ...mergeRotated(rotated)];
    const rtlPage = lines.filter((l) => l.rtl).length * 2 > lines.length;
    return {
      width,
      height,
      paragraphs: buildParagraphs(lines, rtlPage),
      chars: glyphs.chars,
      garbage: glyphs.chars ? glyphs.bad / glyphs.chars : 0,
    };
  } finally {
    out.free();
    m.FPDF_ClosePage(page);
  }
}

/** Per text object: what every glyph of it shares. */
interface ObjectStyle {
  size: number;
  emphasized: boolean;
  rotated: boolean;
}

/**
 * Walk the characters once. Generated characters (the spaces and line breaks PDFium infers from
 * gaps) end a run, so the layout code, not PDFium's guess, decides where columns and table
 * cells split; an inferred space is kept at the end of the run so words stay apart.
 */
function readGlyphs(doc: PdfDocument, text: number, display: Matrix, out: Scratch): Glyphs {
  const { m, heap } = doc;
  const c = charCallsOf(m);
  const count = m.FPDFText_CountChars(text);
  const all: OpenRun[] = [];
  const fonts = new Map<number, boolean>();
  const name = heap._malloc(256);
  const box = out.ptr >> 2;
  let chars = 0;
  let bad = 0;
  let object = 0;
  let style: ObjectStyle = { size: 1, emphasized: false, rotated: false };
  let run: OpenRun | undefined;
  let originObject = -1;
  let originX = 0;
  let originY = 0;
  try {
    for (let i = 0; i < count; i++) {
      const code = c.FPDFText_GetUnicode(text, i);
      const whitespace = code === 32 || code === 13 || code === 10 || code === 9 || code === 0xa0 || code === 0;
      if (whitespace) {
        // Inferred whitespace is flagged as generated or belongs to no text object.
        if (c.FPDFText_IsGenerated(text, i) === 1 || !c.FPDFText_GetTextObject(text, i)) {
          // PDFium sometimes infers a space before a combining mark (Arabic tanween drawn
          // before its letter); a mark never starts a word.
          if (i + 1 < count && COMBINING.test(String.fromCodePoint(c.FPDFText_GetUnicode(text, i + 1)))) continue;
          if (run && code === 32 && !run.space) appendSpace(run);
          run = closeRun(run, all);
        } else if (run && !run.space) {
          appendSpace(run);
        }
        continue;
      }
      const obj = c.FPDFText_GetTextObject(text, i);
      if (obj !== object || !obj) {
        run = closeRun(run, all);
        object = obj;
        style = objectStyle(doc, text, i, obj, display, fonts, name, out);
      }
      c.FPDFText_GetLooseCharBox(text, i, out.ptr);
      // Read the view afresh: a call that grows WebAssembly memory replaces HEAPF32.
      const f32 = heap.HEAPF32;
      const left = f32[box]!;
      const top = f32[box + 1]!;
      const right = f32[box + 2]!;
      const bottom = f32[box + 3]!;
      // A glyph without any extent draws nothing (Word repeats its symbol-font checkboxes and
      // ticks as such ghosts); kept, it would double the symbol or hide a list marker.
      if (left === right && top === bottom) continue;
      // One text object's glyphs share a baseline; only rotated text needs each glyph's origin.
      if (style.rotated || originObject !== obj) {
        c.FPDFText_GetCharOrigin(text, i, out.ptr, out.ptr + 8);
        const px = out.f64(0);
        const py = out.f64(1);
        originX = display[0]! * px + display[2]! * py + display[4]!;
        originY = display[1]! * px + display[3]! * py + display[5]!;
        originObject = obj;
      }
      const oy = originY;
      let x0 = originX;
      let x1 = originX + style.size;
      if (!style.rotated) {
        // The glyph's horizontal extent on the displayed page (its loose box, advance-wide).
        const a = display[0]! * left + display[2]! * top + display[4]!;
        const b = display[0]! * right + display[2]! * top + display[4]!;
        x0 = a <= b ? a : b;
        x1 = a <= b ? b : a;
      }
      // PDFium reports a hyphen it found at the end of a line as U+0002; the layout code rejoins
      // hyphenated words itself and needs the hyphen back.
      const char = code === 2 ? '-' : code < 0x10000 ? String.fromCharCode(code) : String.fromCodePoint(code);
      // What `trim()` would keep: printable ASCII for sure, anything else unless it is a space.
      const ink = (code > 32 && code < 127) || code === 2 || !SPACE.test(char);
      chars++;
      if (isGarbage(code)) bad++;
      // Right-to-left glyphs come in logical order, each left of the one before: a glyph near
      // either end of the run continues it.
      const tol = RUN_GAP * style.size;
      if (run && (style.rotated || (x0 <= run.x1 + tol && x1 >= run.x0 - tol && Math.abs(oy - run.baseline) < 0.3 * style.size))) {
        run.text += char;
        run.space = false;
        // Stored every time, not `||=`: a store first made deep into a document costs V8 a recompile.
        run.ink = run.ink || ink;
        run.x0 = Math.min(run.x0, x0);
        run.x1 = Math.max(run.x1, x1);
      } else {
        run = closeRun(run, all);
        run = {
          text: char,
          x0,
          x1,
          baseline: oy,
          size: style.size,
          emphasized: style.emphasized,
          rotated: style.rotated,
          space: false,
          ink,
        };
      }
    }
    run = closeRun(run, all);
  } finally {
    heap._free(name);
  }
  return { runs: all, chars, bad };
}

/**
 * A run being read. Whether it ends in a space and holds anything but spaces are kept as flags:
 * asking the growing string (`endsWith`, `trim`) flattens it on every space of a line.
 */
interface OpenRun extends Run {
  rotated: boolean;
  space: boolean;
  ink: boolean;
}

/** Ends the open run, kept if it has ink; returns no run, for `run = closeRun(run, all)`. */
function closeRun(run: OpenRun | undefined, all: OpenRun[]): undefined {
  if (run?.ink) all.push(run);
  return undefined;
}

function appendSpace(run: OpenRun): void {
  run.text += ' ';
  run.space = true;
}

/**
 * Size, emphasis and direction of a text object's glyphs. The size is the font size times the
 * text matrix's vertical scale (producers often set 1 pt fonts scaled up by the matrix); the
 * direction is the text's x axis on the displayed page, so /Rotate counts too.
 */
function objectStyle(
  doc: PdfDocument,
  text: number,
  i: number,
  obj: number,
  display: Matrix,
  fonts: Map<number, boolean>,
  name: number,
  out: Scratch,
): ObjectStyle {
  const { m, heap } = doc;
  const calls = charCallsOf(m);
  const fontSize = calls.FPDFText_GetFontSize(text, i) || 1;
  let [a, b, c, d] = [1, 0, 0, 1];
  if (calls.FPDFText_GetMatrix(text, i, out.ptr)) [a, b, c, d] = [out.f32(0), out.f32(1), out.f32(2), out.f32(3)];
  const size = fontSize * (Math.hypot(c, d) || 1);
  const dx = display[0]! * a + display[2]! * b;
  const dy = display[1]! * a + display[3]! * b;
  const font = obj ? calls.FPDFTextObj_GetFont(obj) : 0;
  let emphasized = fonts.get(font);
  if (emphasized === undefined) {
    const length = m.FPDFText_GetFontInfo(text, i, name, 256, out.ptr + 32);
    const fontName = length > 0 ? heap.UTF8ToString(name, Math.min(length, 256)) : '';
    emphasized = isEmphasisFont(fontName, length > 0 ? out.i32(8) : 0, m.FPDFText_GetFontWeight(text, i));
    fonts.set(font, emphasized);
  }
  return { size, emphasized, rotated: Math.abs(dy) > 0.2 * Math.abs(dx) || dx < 0 };
}
