/**
 * Page boxes of a chunk: the line boxes of the pages (PDF) whose Markdown spans overlap the
 * chunk's span, merged where lines stack into one block, so a viewer can highlight a cited
 * passage with a few rectangles instead of one per line.
 */
import type { LineSpan, PageBox, PageSpan } from './types.js';

/** Lines further apart than this share of a line's height start a new box. */
const MAX_LINE_GAP = 0.8;
/** Lines whose left and right edges differ by more than this many line heights start a new box. */
const MAX_EDGE_SHIFT = 4;

interface PlacedLine extends LineSpan {
  page: number;
  pageWidth: number;
  pageHeight: number;
}

/**
 * A lookup from a Markdown span to the merged boxes of the lines it overlaps; null when no page
 * has line positions (the document is not a PDF with a text layer).
 */
export function boxLookup(pages: readonly PageSpan[]): ((start: number, end: number) => PageBox[]) | null {
  if (!pages.some((p) => p.lines !== undefined)) return null;
  const lines: PlacedLine[] = pages
    .flatMap((p) => (p.lines ?? []).map((l) => ({ ...l, page: p.number, pageWidth: p.width ?? 0, pageHeight: p.height ?? 0 })))
    .filter((l) => l.charEnd > l.charStart)
    .sort((a, b) => a.charStart - b.charStart);
  return (start, end) => {
    // Lines are in Markdown order and do not overlap: binary-search the first that ends after start.
    let lo = 0;
    let hi = lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lines[mid]!.charEnd <= start) lo = mid + 1;
      else hi = mid;
    }
    const hit: PlacedLine[] = [];
    for (let i = lo; i < lines.length && lines[i]!.charStart < end; i++) hit.push(lines[i]!);
    return mergeLines(hit);
  };
}

/** Consecutive lines of one page that stack as one block (a paragraph, a column) become one box. */
function mergeLines(lines: readonly PlacedLine[]): PageBox[] {
  const out: PageBox[] = [];
  for (const l of lines) {
    const prev = out.at(-1);
    const height = l.height || 1;
    const stacks =
      prev !== undefined &&
      prev.page === l.page &&
      l.y >= prev.y &&
      l.y - (prev.y + prev.height) <= MAX_LINE_GAP * height &&
      Math.abs(l.x - prev.x) <= MAX_EDGE_SHIFT * height &&
      Math.min(prev.x + prev.width, l.x + l.width) > Math.max(prev.x, l.x);
    if (stacks) {
      const right = Math.max(prev.x + prev.width, l.x + l.width);
      const bottom = Math.max(prev.y + prev.height, l.y + l.height);
      prev.x = Math.min(prev.x, l.x);
      prev.width = right - prev.x;
      prev.height = bottom - prev.y;
    } else {
      out.push({ page: l.page, x: l.x, y: l.y, width: l.width, height: l.height, pageWidth: l.pageWidth, pageHeight: l.pageHeight });
    }
  }
  return out.map((b) => ({ ...b, x: r(b.x), y: r(b.y), width: r(b.width), height: r(b.height) }));
}

const r = (n: number) => Math.round(n * 100) / 100;
