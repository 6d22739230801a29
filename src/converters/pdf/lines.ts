/**
 * From text runs to visual lines. PDFium reports text in content-stream order, which is
 * often not reading order (headers drawn last, columns interleaved), so lines are rebuilt from
 * geometry: items sharing a baseline band form a row, and a row splits where a gap is too wide
 * to be a word space (column gutters, table cells).
 */

import type { Line, Run } from './geometry.js';
import { mergeTableRows } from './tables.js';

export type { Cell, Line, Run } from './geometry.js';

const ASCENT = 0.8;
const DESCENT = 0.2;
/** A gap wider than this many font sizes is not a word space. */
const SPLIT_GAP = 1.6;
/** A gap this wide (in font sizes) is a column gutter if nearby rows have one in line. */
const GUTTER_GAP = 0.8;
/** After a list marker the gap to the text can be a tab stop. */
const MARKER_GAP = 4;
/** A gap wider than this many font sizes between runs becomes a space. */
const SPACE_GAP = 0.15;

const RTL_CHAR = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/gu;
const HAS_RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
const LTR_CHAR = /[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]/gu;
/** Markers that may stand apart from their text, see MARKER_GAP. */
const LONE_MARKER = /^(?:[•●○◦▪▫■□◆◇►▸‣⁃∙·❖➢✓✔\-–—*\u0000-\u001f\u0080-\u009f\ue000-\uf8ff]|\(?(?:\d{1,3}|[a-zA-Z])[.)])$/u;

/** Group runs into lines. Runs must already be deduplicated and in page coordinates. */
export function buildLines(runs: readonly Run[]): Line[] {
  const rows: Run[][] = [];
  const sorted = [...runs].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const recent: { top: number; bottom: number; runs: Run[]; size: number }[] = [];
  for (const run of sorted) {
    const top = run.baseline - ASCENT * run.size;
    const bottom = run.baseline + DESCENT * run.size;
    let best: (typeof recent)[number] | undefined;
    let bestOverlap = 0;
    // Only the last few rows can overlap, because runs arrive sorted by baseline.
    for (const row of recent.slice(-4)) {
      const overlap = Math.min(bottom, row.bottom) - Math.max(top, row.top);
      const ratio = overlap / Math.min(bottom - top, row.bottom - row.top);
      if (ratio >= 0.5 && ratio > bestOverlap) {
        best = row;
        bestOverlap = ratio;
      }
    }
    if (best) {
      best.runs.push(run);
      // The row's band follows its largest text, not its superscripts.
      if (run.size > best.size) {
        best.size = run.size;
        best.top = top;
        best.bottom = bottom;
      }
    } else {
      const row = { top, bottom, runs: [run], size: run.size };
      recent.push(row);
      rows.push(row.runs);
    }
  }
  for (const row of rows) row.sort((a, b) => a.x0 - b.x0);
  const gutters = findGutters(rows);
  return mergeTableRows(rows.map((row, i) => splitRow(row, gutters[i]!)));
}

interface Gap {
  /** Index of the run after the gap. */
  index: number;
  a: number;
  b: number;
}

/** Gaps in a row (sorted by x) wide enough to be more than a word space. */
function rowGaps(row: Run[]): Gap[] {
  const gaps: Gap[] = [];
  let right = row[0]?.x1 ?? 0;
  row.forEach((run, index) => {
    if (index > 0 && run.x0 - right >= GUTTER_GAP * run.size) gaps.push({ index, a: right, b: run.x0 });
    right = Math.max(right, run.x1);
  });
  return gaps;
}

/**
 * Column gutters can be narrower than a wide word space in justified text (12pt between
 * columns of 10pt text is common), so a single row cannot tell. A gap is a gutter when the rows
 * above and below have a gap at the same place (word spaces of different lines almost never
 * line up). Walking away from the row, rows with text on one side only are passed over, and a
 * row with text across the gap ends the walk, so a gap under a table does not borrow the
 * table's column gaps.
 */
function findGutters(rows: Run[][]): Set<number>[] {
  const gaps = rows.map(rowGaps);
  const baselines = rows.map((row) => row[0]?.baseline ?? 0);
  return rows.map((row, i) => {
    const cut = new Set<number>();
    const size = row[0]?.size ?? 10;
    for (const g of gaps[i]!) {
      let support = 0;
      for (const step of [-1, 1]) {
        for (let j = i + step; j >= 0 && j < rows.length && support < 2; j += step) {
          if (Math.abs(baselines[j]! - baselines[i]!) > 15 * size) break;
          const aligned = gaps[j]!.some((h) => {
            const overlap = Math.min(g.b, h.b) - Math.max(g.a, h.a);
            return overlap >= 0.5 * Math.min(g.b - g.a, h.b - h.a);
          });
          if (aligned) support++;
          else if (rows[j]!.some((r) => r.x0 < g.b - 0.5 && r.x1 > g.a + 0.5)) break;
        }
      }
      if (support >= 2) cut.add(g.index);
    }
    return cut;
  });
}

/** Split one row at gutters and at gaps too wide for a word space; assemble each piece. */
function splitRow(row: Run[], gutters: Set<number>): Line[] {
  const pieces: Run[][] = [];
  let current: Run[] = [];
  let right = -Infinity;
  for (const [index, run] of row.entries()) {
    const gap = run.x0 - right;
    const size = Math.max(run.size, current.at(-1)?.size ?? 0);
    const marker = current.length === 1 && LONE_MARKER.test(current[0]!.text.trim());
    const wide = gap > (marker ? MARKER_GAP : SPLIT_GAP) * size;
    if (current.length > 0 && (wide || (gutters.has(index) && !marker))) {
      pieces.push(current);
      current = [];
      right = -Infinity;
    }
    current.push(run);
    right = Math.max(right, run.x1);
  }
  if (current.length > 0) pieces.push(current);
  return pieces.map(toLine);
}

function toLine(runs: Run[]): Line {
  const joined = runs.map((r) => r.text).join('');
  // Counting matches allocates an array per line; most lines have no right-to-left letter at all.
  const rtl = HAS_RTL.test(joined) && (joined.match(RTL_CHAR)?.length ?? 0) > (joined.match(LTR_CHAR)?.length ?? 0);
  // Right-to-left text is read from the rightmost run; PDFium gives each run's chars in logical order.
  const ordered = rtl ? [...runs].sort((a, b) => b.x1 - a.x1) : runs;
  let text = '';
  let prev: Run | undefined;
  // The last character so far, kept aside: asking the growing string flattens it every time.
  let last = '';
  for (const run of ordered) {
    if (prev) {
      const gap = rtl ? prev.x0 - run.x1 : run.x0 - prev.x1;
      const boundarySpace = SPACE_CHAR.test(last) || SPACE_CHAR.test(run.text[0] ?? '');
      const wide = gap > SPACE_GAP * Math.min(prev.size, run.size);
      if (!boundarySpace && (wide || directionChange(last, run.text))) text += ' ';
    }
    text += run.text;
    last = run.text[run.text.length - 1] ?? last;
    prev = run;
  }
  const sizeWeight = new Map<number, number>();
  let emphasizedChars = 0;
  let letters = 0;
  for (const run of runs) {
    const [n, l] = countInk(run.text);
    const key = Math.round(run.size * 2) / 2;
    sizeWeight.set(key, (sizeWeight.get(key) ?? 0) + n);
    letters += l;
    if (run.emphasized) emphasizedChars += l;
  }
  const size = [...sizeWeight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? runs[0]!.size;
  const baseline = runs.find((r) => Math.round(r.size * 2) / 2 === size)?.baseline ?? runs[0]!.baseline;
  text = text
    .replace(/\s+/g, ' ')
    .trim()
    // A lone unmapped glyph before the text is a bullet from a symbol font without a Unicode map.
    .replace(/^[\u0000-\u001f\u0080-\u009f\ue000-\uf8ff](?= )/u, '•')
    .replace(/[\u0000-\u001f\u0080-\u009f]/g, '');
  let [x0, x1, top, bottom] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const r of runs) {
    x0 = Math.min(x0, r.x0);
    x1 = Math.max(x1, r.x1);
    top = Math.min(top, r.baseline - ASCENT * r.size);
    bottom = Math.max(bottom, r.baseline + DESCENT * r.size);
  }
  return {
    text: rtl ? fixLamAlef(text) : text,
    x0,
    x1,
    top,
    bottom,
    baseline,
    size,
    emphasized: letters > 0 && emphasizedChars === letters,
    rtl,
  };
}

const LETTER = /\p{L}/u;
/** One UTF-16 unit that `\s` matches, as `/\s$/` and `/^\s/` tested it on whole strings. */
const SPACE_CHAR = /^\s$/;
const SPACE = /\s/u;

/**
 * Non-whitespace characters and letters of a run, without the arrays a global match or replace
 * would allocate for every run of a page (the layout's hottest loop on text PDFs). ASCII is
 * decided by code; other characters by the same Unicode classes as before.
 */
function countInk(text: string): [ink: number, letters: number] {
  let ink = 0;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (c === 32 || (c >= 9 && c <= 13)) continue;
      ink++;
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
    } else {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      if (cp > 0xffff) i++;
      if (SPACE.test(ch)) continue;
      ink += ch.length;
      if (LETTER.test(ch)) letters++;
    }
  }
  return [ink, letters];
}

const STRONG_RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
const STRONG_LTR = /[A-Za-z\u00c0-\u024f]/u;

/**
 * Arabic or Hebrew next to a Latin word is always separated by a space, but producers often
 * place the two runs edge to edge and drop the space glyph, so geometry cannot tell.
 */
function directionChange(last: string, after: string): boolean {
  const a = last;
  const b = after[0] ?? '';
  return (STRONG_RTL.test(a) && STRONG_LTR.test(b)) || (STRONG_LTR.test(a) && STRONG_RTL.test(b));
}

/**
 * Word exports map the Arabic lam-alef ligature back to alef-lam, so "الإنتاجية" comes out
 * as "اإلنتاجية". Two alefs never start an Arabic word, which makes the word-initial case safe
 * to repair; the same swap inside words is ambiguous and left alone.
 */
export function fixLamAlef(text: string): string {
  return text.replace(/(?<!\p{L})([وبفك]?)ا([اأإآ])ل/gu, '$1ال$2');
}

/**
 * Rotated text (margin stamps, table headers set vertically) is kept as its own lines at its
 * starting point; reading-order geometry for it would add complexity for little text.
 */
export function rotatedLine(text: string, x: number, y: number, size: number, emphasized: boolean): Line {
  return { text: text.trim(), x0: x, x1: x + size, top: y - size, bottom: y, baseline: y, size, emphasized, rtl: false };
}

/** Consecutive rotated items usually belong to one string drawn piecewise. */
export function mergeRotated(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (const line of lines) {
    const prev = out.at(-1);
    if (prev && Math.abs(prev.x0 - line.x0) < prev.size && Math.abs(prev.size - line.size) < 0.5) {
      prev.text = `${prev.text} ${line.text}`;
      prev.top = Math.min(prev.top, line.top);
      prev.bottom = Math.max(prev.bottom, line.bottom);
    } else {
      out.push({ ...line });
    }
  }
  return out;
}
