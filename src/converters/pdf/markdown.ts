/**
 * Document-level decisions that one page cannot make alone, then Markdown per page: the body
 * font size (headings are judged against it), heading levels (ranked across the document so a
 * size means the same level on every page), and running headers, footers and page numbers
 * (recognised by repeating across pages), which are dropped as noise for search and chunking.
 */
import type { OutlineEntry } from '../core/types.js';
import { isBullet, type LineBox, type ListMarker, type Paragraph } from './blocks.js';
import { markdownTable } from './tables.js';

export interface PageLayout {
  width: number;
  height: number;
  paragraphs: Paragraph[];
  /** OCR output has no reliable font sizes: never headings, never running headers. */
  ocr: boolean;
}

export interface RenderedPage {
  markdown: string;
  /** The same content without Markdown syntax. */
  text: string;
  headings: OutlineEntry[];
  /** Where each line of text stands on the page, with the span of `markdown` it became. */
  lines: PlacedLine[];
}

/** A line's box in top-down page points and its span [start, end) in the page's Markdown. */
export interface PlacedLine {
  start: number;
  end: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Larger than body text by this factor makes a short paragraph a heading. */
const HEADING_RATIO = 1.15;
/** Captions are often set in italics right above or below body text. */
const CAPTION = /^(?:fig(?:ure)?|table|tab|source|note|chart|image|abb(?:ildung)?|tabelle|quelle)\.?\s*[\dIVX]/i;
/** This many headings in a row are labels of a figure or diagram, not section titles. */
const MAX_HEADING_RUN = 4;
/** Share of the page height at top and bottom where running headers and footers live. */
const MARGIN_TOP = 0.13;
const MARGIN_BOTTOM = 0.1;
const PAGE_NUMBER = /^(?:page\s*|seite\s*|p\.\s*)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—]?(?:\s*(?:of|von|\/)\s*\d{1,4})?$/i;

export function renderPages(pages: readonly PageLayout[]): RenderedPage[] {
  const kept = dropRunningText(pages);
  const style = documentStyle(kept.filter((p) => !p.ocr));
  return kept.map((page) => renderPage(page, style));
}

interface Style {
  body: number;
  /** Heading sizes, largest first; index + 1 is the heading level. */
  sizes: number[];
  /** Emphasis at body size marks headings only when most body text is not emphasized. */
  emphasisHeadings: boolean;
}

const round = (n: number) => Math.round(n * 2) / 2;
const letters = (s: string) => s.match(/\p{L}/gu)?.length ?? 0;

/** Wholly inside the top or bottom margin band. */
function inMargin(p: Paragraph, page: PageLayout): boolean {
  return p.bottom < MARGIN_TOP * page.height || inFooter(p, page);
}

function inFooter(p: Paragraph, page: PageLayout): boolean {
  return p.top > (1 - MARGIN_BOTTOM) * page.height;
}

function dropRunningText(pages: readonly PageLayout[]): PageLayout[] {
  const key = (p: Paragraph) => p.text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
  const seen = new Map<string, number>();
  for (const page of pages) {
    if (page.ocr) continue;
    const keys = new Set(page.paragraphs.filter((p) => inMargin(p, page)).map(key));
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  // Three repeats are convincing in long documents; short ones need half their pages.
  const threshold = Math.min(3, Math.max(2, Math.ceil(pages.length / 2)));
  return pages.map((page) => {
    if (page.ocr) return page;
    const paragraphs = page.paragraphs.filter((p) => {
      if (!inMargin(p, page)) return true;
      if (PAGE_NUMBER.test(p.text.trim())) return false;
      return pages.length < 2 || (seen.get(key(p)) ?? 0) < threshold;
    });
    return { ...page, paragraphs };
  });
}

function documentStyle(pages: readonly PageLayout[]): Style {
  const weight = new Map<number, number>();
  let emphasizedChars = 0;
  let allChars = 0;
  for (const p of pages.flatMap((page) => page.paragraphs)) {
    const n = p.text.length;
    weight.set(round(p.size), (weight.get(round(p.size)) ?? 0) + n);
  }
  const body = [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
  const sizes = new Set<number>();
  for (const p of pages.flatMap((page) => page.paragraphs)) {
    if (Math.abs(p.size - body) < 0.5) {
      allChars += p.text.length;
      if (p.emphasized) emphasizedChars += p.text.length;
    }
    const eligible = !p.cells && !(p.list && isBullet(p.list.marker));
    if (eligible && isHeadingText(p, 3, 200) && p.size >= HEADING_RATIO * body) sizes.add(round(p.size));
  }
  return { body, sizes: [...sizes].sort((a, b) => b - a), emphasisHeadings: emphasizedChars < 0.4 * allChars };
}

/** Short text with words in it; dot leaders mark table-of-contents entries, not headings. */
function isHeadingText(p: Paragraph, maxLines: number, maxChars: number): boolean {
  return p.lineCount <= maxLines && p.text.length <= maxChars && letters(p.text) >= 2 && !/(?:\.\s?){4,}|…{2,}/.test(p.text);
}

/**
 * Heading level of each paragraph of a page, 0 for body text. Larger type is a heading on its
 * own; bold or italic at body size only when body text follows right under it, since bold
 * table headers and labels are not headings. Long runs of "headings" are figure or diagram
 * labels.
 */
function headingLevels(page: PageLayout, style: Style): number[] {
  const ps = page.paragraphs;
  const levels = ps.map((p, i) => {
    // Bulleted items are list items whatever their size; numbered ones may be headings.
    if (page.ocr || p.cells || (p.list && isBullet(p.list.marker)) || inFooter(p, page)) return 0;
    if (p.size >= HEADING_RATIO * style.body && isHeadingText(p, 3, 200)) {
      return Math.min(3, style.sizes.indexOf(round(p.size)) + 1 || 3);
    }
    const next = ps[i + 1];
    const emphasisHeading =
      style.emphasisHeadings &&
      p.emphasized &&
      !CAPTION.test(p.text) &&
      !p.list &&
      p.size >= 0.95 * style.body &&
      isHeadingText(p, 2, 150) &&
      !/[.,;:!?]$/.test(p.text) &&
      next !== undefined &&
      !next.emphasized &&
      letters(next.text) >= 20 &&
      next.top > p.top &&
      next.top - p.bottom < 3 * p.size &&
      Math.min(p.x1, next.x1) > Math.max(p.x0, next.x0);
    return emphasisHeading ? Math.min(3, style.sizes.length + 1) : 0;
  });
  for (let i = 0; i < levels.length;) {
    let j = i;
    while (j < levels.length && levels[j]! > 0) j++;
    // In a long run of headings, the level that repeats is the labels' style; a title among
    // them (cover pages) keeps its own.
    if (j - i >= MAX_HEADING_RUN) {
      for (const level of new Set(levels.slice(i, j))) {
        const same = levels.slice(i, j).filter((l) => l === level).length;
        if (same >= 3) for (let k = i; k < j; k++) if (levels[k] === level) levels[k] = 0;
      }
    }
    i = Math.max(j, i + 1);
  }
  return levels;
}

/**
 * Spread a paragraph's line boxes over the Markdown it became, by their share of its characters:
 * Markdown syntax and rejoined hyphens shift offsets by a few characters at most, which is
 * finer than any chunk boundary needs.
 */
function placeBoxes(out: PlacedLine[], boxes: readonly LineBox[] | undefined, start: number, end: number): void {
  if (!boxes?.length) return;
  const total = boxes.reduce((n, b) => n + b.chars, 0) || 1;
  let seen = 0;
  for (const b of boxes) {
    const from = start + Math.floor(((end - start) * seen) / total);
    seen += b.chars;
    const to = start + Math.floor(((end - start) * seen) / total);
    out.push({ start: from, end: to, x: b.x0, y: b.top, width: b.x1 - b.x0, height: b.bottom - b.top });
  }
}

function renderPage(page: PageLayout, style: Style): RenderedPage {
  const md: string[] = [];
  const lines: PlacedLine[] = [];
  let length = 0;
  const emit = (chunk: string) => {
    md.push(chunk);
    length += chunk.length;
  };
  const txt: string[] = [];
  const headings: OutlineEntry[] = [];
  /** Open list levels: marker position and the indent their children need. */
  let stack: { start: number; indent: string }[] = [];
  let prevList = false;
  const levels = headingLevels(page, style);
  const ps = page.paragraphs;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    const level = levels[i]!;
    const sep = prevList && p.list && !level ? '\n' : '\n\n';
    if (md.length) {
      emit(sep);
      txt.push(sep);
    }
    prevList = Boolean(p.list) && !level;
    const start = length;
    if (p.cells) {
      const rows = [p.cells];
      const rowBoxes = [p.boxes];
      while (ps[i + 1]?.cells) {
        rows.push(ps[++i]!.cells!);
        rowBoxes.push(ps[i]!.boxes);
      }
      const table = markdownTable(rows);
      // Row k is line k of the table, after the header's separator line for k > 0.
      const offsets = [0];
      for (let at = table.indexOf('\n'); at >= 0; at = table.indexOf('\n', at + 1)) offsets.push(at + 1);
      offsets.push(table.length + 1);
      rowBoxes.forEach((boxes, k) => {
        const line = k === 0 ? 0 : k + 1;
        if (line + 1 < offsets.length) placeBoxes(lines, boxes, start + offsets[line]!, start + offsets[line + 1]! - 1);
      });
      emit(table);
      txt.push(rows.map((r) => r.map((c) => c.text).join('\t')).join('\n'));
      stack = [];
      continue;
    }
    const full = p.list ? `${p.list.marker} ${p.text}` : p.text;
    txt.push(full);
    if (level) {
      const text = full.replace(/\s+/g, ' ').trim();
      emit(`${'#'.repeat(level)} ${escapeInline(text)}`);
      headings.push({ level, text });
      stack = [];
    } else if (p.list) {
      emit(listItem(p, p.list, stack));
    } else {
      emit(escapeBlockStart(p.text));
      stack = [];
    }
    placeBoxes(lines, p.boxes, start, length);
  }
  return { markdown: md.join(''), text: txt.join(''), headings, lines };
}

/**
 * One list item, nested under the open items whose marker stands left of its own. Numbers are
 * kept; bullets become "-"; other markers ("a)", "(iv)") stay in the text after a "-".
 */
function listItem(p: Paragraph, list: ListMarker, stack: { start: number; indent: string }[]): string {
  const tol = 0.5 * p.size;
  while (stack.length && list.start < stack.at(-1)!.start - tol) stack.pop();
  const top = stack.at(-1);
  if (top && Math.abs(list.start - top.start) <= tol) stack.pop();
  const indent = stack.at(-1)?.indent ?? '';
  const prefix = list.number !== undefined ? `${list.number}.` : isBullet(list.marker) ? '-' : `- ${list.marker}`;
  stack.push({ start: list.start, indent: indent + ' '.repeat(prefix.split(' ')[0]!.length + 1) });
  return `${indent}${prefix} ${escapeInline(p.text)}`;
}

/**
 * Text that happens to start like Markdown syntax ("# 1", "> quote", "1. ") would change
 * meaning when rendered; a backslash keeps it literal.
 */
export function escapeBlockStart(text: string): string {
  return text
    .replace(/^(#{1,6}(?=\s|$)|>|[-+*](?=\s)|={3,}|-{3,}|`{3,}|\|)/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=\s)/, '$1\\$2')
    .replace(/<(?=[a-zA-Z/!?])/g, '\\<');
}

/** Inside a heading or list item only raw HTML can change meaning. */
function escapeInline(text: string): string {
  return text.replace(/<(?=[a-zA-Z/!?])/g, '\\<');
}
