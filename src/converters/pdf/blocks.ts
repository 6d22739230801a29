/**
 * From lines to paragraphs in reading order. Lines are first grouped into blocks (lines stacked
 * at body spacing that overlap horizontally: a column's paragraphs, a table column), blocks are
 * put in reading order with Breuel's rules, which handle multi-column pages with full-width
 * titles, and each block is then cut into paragraphs and list items.
 */
import type { Cell, Line } from './geometry.js';
import { readingOrder, xOverlap } from './reading-order.js';

export interface ListMarker {
  /** The marker as printed ("•", "3.", "(a)"). */
  marker: string;
  /** Arabic-numbered, so Markdown can keep the number. */
  number?: number;
  /** Horizontal position of the marker, used to nest lists. */
  start: number;
}

export interface Paragraph {
  /** Text with lines joined (and for list items without the marker). */
  text: string;
  list?: ListMarker;
  /** A table row: its cells, left to right. */
  cells?: Cell[];
  /** Font size of the first line, which decides headings. */
  size: number;
  /** Every line emphasized (bold or italic face). */
  emphasized: boolean;
  lineCount: number;
  top: number;
  bottom: number;
  x0: number;
  x1: number;
  /** Where each line of the paragraph stands on the page, for highlighting cited passages. */
  boxes?: LineBox[];
}

/** One line's box in top-down page points, and how many characters of the paragraph it holds. */
export interface LineBox {
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  chars: number;
}

interface Block {
  lines: Line[];
  size: number;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  closed: boolean;
}

const BULLETS = '•●○◦▪▫■□◆◇►▸‣⁃∙·❖➢✓✔\uf0a7\uf0b7\uf076\uf0d8\uf0fc';
const MARKER = new RegExp(
  `^(?:([${BULLETS}])|` +
    String.raw`([-–—*])(?=\s)|(\d{1,3})[.)](?=\s)|\((\d{1,3})\)(?=\s)|([a-z]|[ivx]{1,5})[.)](?=\s)|\(([a-z]|[ivx]{1,5})\)(?=\s))\s*`,
  'u',
);

/** A symbol bullet or dash, as opposed to a number or letter. */
export function isBullet(marker: string): boolean {
  return marker.length === 1 && (BULLETS.includes(marker) || '-–—*'.includes(marker));
}

/** Recognise a list marker at the start of a line. */
export function matchMarker(text: string): { marker: string; number?: number; rest: string } | null {
  const m = MARKER.exec(text);
  if (!m) return null;
  const rest = text.slice(m[0].length);
  // After a dash, only words make an item: "- 5 -" is a page number, "-1" a value.
  if (!(m[2] ? /\p{L}/u : /[\p{L}\p{N}]/u).test(rest)) return null;
  const num = m[3] ?? m[4];
  return { marker: m[0].trim(), ...(num ? { number: Number(num) } : {}), rest };
}

/** Turn a page's lines into paragraphs in reading order. */
export function buildParagraphs(lines: readonly Line[], rtlPage: boolean): Paragraph[] {
  const pitch = linePitch(lines);
  const blocks = groupBlocks(lines, pitch);
  return readingOrder(blocks, rtlPage).flatMap((b) => splitBlock(b, pitch));
}

/**
 * Typical baseline distance of consecutive lines as a multiple of font size (the leading), per
 * font size: footnotes and tables are often set tighter or looser than body text.
 */
function linePitch(lines: readonly Line[]): (size: number) => number {
  const sorted = [...lines].sort((a, b) => a.baseline - b.baseline);
  const bySize = new Map<number, number[]>();
  const all: number[] = [];
  sorted.forEach((line, i) => {
    for (const next of sorted.slice(i + 1, i + 12)) {
      const delta = next.baseline - line.baseline;
      if (delta <= 0.5 * line.size) continue;
      if (Math.abs(next.size - line.size) > 0.06 * line.size || xOverlap(line, next) <= 0) continue;
      const ratio = delta / line.size;
      if (ratio < 3) {
        all.push(ratio);
        const key = Math.round(line.size);
        const ratios = bySize.get(key);
        if (ratios) ratios.push(ratio);
        else bySize.set(key, [ratio]);
      }
      break;
    }
  });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fallback = median(all) ?? 1.2;
  // Asked once per line and per block split: each size's median is sorted for once.
  const medians = new Map<number, number>();
  return (size) => {
    const key = Math.round(size);
    let pitch = medians.get(key);
    if (pitch === undefined) {
      const own = bySize.get(key);
      pitch = own && own.length >= 3 ? median(own)! : fallback;
      medians.set(key, pitch);
    }
    return pitch;
  };
}

function groupBlocks(lines: readonly Line[], pitch: (size: number) => number): Block[] {
  const blocks: Block[] = [];
  const sorted = [...lines].sort((a, b) => a.top - b.top || a.x0 - b.x0);
  for (const line of sorted) {
    const maxDelta = line.size * Math.max(pitch(line.size) * 1.3, 1.4);
    const candidates = blocks.filter((b) => {
      const last = b.lines.at(-1)!;
      const delta = line.baseline - last.baseline;
      // A table stays one block in row order, whatever its row spacing.
      if (line.cells || last.cells) return !b.closed && Boolean(line.cells && last.cells) && delta <= 3.5 * line.size;
      return (
        !b.closed &&
        delta > 0.3 * line.size &&
        delta <= maxDelta &&
        Math.abs(last.size - line.size) <= 0.06 * Math.max(last.size, line.size) &&
        xOverlap(last, line) > 0
      );
    });
    // A line under two blocks (a full-width line below columns) belongs to neither.
    const target = candidates.length === 1 ? candidates[0] : undefined;
    for (const b of blocks) {
      if (b !== target && b.bottom <= line.bottom && xOverlap(b.lines.at(-1)!, line) > 0) {
        b.closed = true;
      }
    }
    if (target) {
      target.lines.push(line);
      target.x0 = Math.min(target.x0, line.x0);
      target.x1 = Math.max(target.x1, line.x1);
      target.bottom = Math.max(target.bottom, line.bottom);
    } else {
      blocks.push({
        lines: [line],
        size: line.size,
        x0: line.x0,
        x1: line.x1,
        top: line.top,
        bottom: line.bottom,
        closed: false,
      });
    }
  }
  return blocks;
}

/** Cut a block into paragraphs and list items. */
function splitBlock(block: Block, pagePitch: (size: number) => number): Paragraph[] {
  const rtl = block.lines.filter((l) => l.rtl).length * 2 > block.lines.length;
  const start = (l: Line) => (rtl ? -l.x1 : l.x0);
  const end = (l: Line) => (rtl ? -l.x0 : l.x1);
  const blockEnd = rtl ? -block.x0 : block.x1;
  const width = block.x1 - block.x0;
  const deltas = block.lines.slice(1).map((l, i) => l.baseline - block.lines[i]!.baseline);
  const pitch = deltas.length ? [...deltas].sort((a, b) => a - b)[Math.floor(deltas.length / 2)]! : 0;

  const out: Paragraph[] = [];
  let cur: { lines: Line[]; list?: ListMarker; textStart: number } | undefined;
  const flush = () => {
    if (cur) out.push(toParagraph(cur.lines, cur.list));
    cur = undefined;
  };
  for (const line of block.lines) {
    if (line.cells) {
      flush();
      out.push({ ...toParagraph([line], undefined), cells: line.cells });
      continue;
    }
    const marker = matchMarker(line.text);
    const prev = cur?.lines.at(-1);
    if (cur && prev) {
      const size = line.size;
      const delta = line.baseline - prev.baseline;
      const gapBreak = delta > Math.max(pitch, pagePitch(size) * size) * 1.35;
      const prevFull = end(prev) > blockEnd - 0.1 * width;
      let brk = Boolean(marker) || gapBreak || (prev.emphasized && !line.emphasized);
      if (!brk && cur.list) {
        brk = start(line) < cur.textStart - 0.5 * size && !(prevFull && start(line) >= cur.list.start - 0.5 * size);
      } else if (!brk) {
        const indented = start(line) > start(prev) + 0.8 * size;
        const prevShort = end(prev) < blockEnd - 0.2 * width && /[.!?:。]$/u.test(prev.text);
        brk = indented || prevShort;
      }
      if (!brk) {
        cur.lines.push(line);
        continue;
      }
      flush();
    }
    if (marker) {
      const list: ListMarker = {
        marker: marker.marker,
        start: start(line),
        ...(marker.number !== undefined ? { number: marker.number } : {}),
      };
      // Where the item's text starts: continuation lines hang there.
      const textStart = start(line) + (line.x1 - line.x0) * (1 - marker.rest.length / line.text.length);
      cur = { lines: [{ ...line, text: marker.rest }], list, textStart };
    } else {
      cur = { lines: [line], textStart: start(line) };
    }
  }
  flush();
  return out;
}

function toParagraph(lines: Line[], list: ListMarker | undefined): Paragraph {
  const first = lines[0]!;
  return {
    text: lines.reduce((acc, l) => joinLines(acc, l.text), ''),
    ...(list ? { list } : {}),
    size: first.size,
    emphasized: lines.every((l) => l.emphasized),
    lineCount: lines.length,
    top: first.top,
    bottom: Math.max(...lines.map((l) => l.bottom)),
    x0: Math.min(...lines.map((l) => l.x0)),
    x1: Math.max(...lines.map((l) => l.x1)),
    boxes: lines.map((l) => ({ x0: l.x0, x1: l.x1, top: l.top, bottom: l.bottom, chars: l.text.length + 1 })),
  };
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

/**
 * Join two lines of one paragraph. A word hyphenated across the line break is rejoined
 * ("docu-" + "ment"); a hyphen before a capital or digit is kept ("pre-" + "1990"), and
 * Chinese/Japanese lines are joined without a space because those scripts use none.
 */
export function joinLines(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  // Only the tail can match; tested on the whole paragraph so far, the regex would try every
  // start position on every line (a letter, perhaps astral, and the hyphen fit in 3 units).
  if (/\p{L}[-\u00ad\u2010]$/u.test(a.slice(-3))) {
    return /^\p{Ll}/u.test(b) ? a.slice(0, -1) + b : a.replace(/\u00ad$/, '') + b;
  }
  if (CJK.test(a.at(-1)!) && CJK.test(b[0]!)) return a + b;
  return `${a} ${b}`;
}
