/**
 * A small line-based scanner that cuts Markdown into top-level blocks with their offsets.
 *
 * Hand-rolled rather than a CommonMark parser: the chunker only needs block boundaries, heading
 * levels and block kinds (to pick split points), it must keep exact offsets into the source, and
 * it must never throw on the odd Markdown that converters emit. Nested structure is left inside
 * its block (a list keeps its sub-lists, a quote its paragraphs); inline syntax is not parsed.
 */

export type BlockKind = 'heading' | 'paragraph' | 'list' | 'table' | 'code' | 'quote' | 'rule';

export interface Block {
  kind: BlockKind;
  /** Offsets into the Markdown, trimmed of surrounding whitespace: [start, end). */
  start: number;
  end: number;
  /** Heading level 1–6; 0 for every other kind. */
  level: number;
  /** A heading's inline Markdown; '' for every other kind. */
  title: string;
}

/** What scanning one block yields: where the next block may start, plus heading details. */
interface Scan {
  kind: BlockKind;
  next: number;
  level?: number;
  title?: string;
}

interface Line {
  start: number;
  /** The line without its line break (and without a trailing '\r'). */
  text: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})[ \t]+(.*)$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST_ITEM = /^[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
const QUOTE = /^ {0,3}>/;
const TABLE_ROW = /^ {0,3}\|/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const BLANK = /^[ \t]*$/;
const INDENTED = /^(?: {2}|\t)/;

function splitLines(src: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= src.length) {
    const nl = src.indexOf('\n', start);
    const stop = nl === -1 ? src.length : nl;
    const cr = stop > start && src.charCodeAt(stop - 1) === 13 ? 1 : 0;
    lines.push({ start, text: src.slice(start, stop - cr) });
    if (nl === -1) break;
    start = nl + 1;
  }
  return lines;
}

function isBlank(line: Line | undefined): boolean {
  return line === undefined || BLANK.test(line.text);
}

/** A GFM table delimiter row such as `| - | :-: |` (it must contain a pipe, unlike a rule). */
export function isTableDelimiter(text: string): boolean {
  return text.includes('|') && TABLE_DELIMITER.test(text);
}

/** The backtick or tilde run that opens a fenced code block on this line, if any. */
export function fenceMarker(text: string): string | undefined {
  return FENCE.exec(text)?.[1];
}

/**
 * Drops an ATX heading's optional closing sequence (`## Title ##`). A loop, not a regex: any
 * pattern like /[ \t]+#+[ \t]*$/ is quadratic on a long run of spaces or hashes.
 */
export function stripClosingHashes(title: string): string {
  const text = title.trimEnd();
  let i = text.length;
  while (i > 0 && text.charCodeAt(i - 1) === 35) i--;
  const before = text.charAt(i - 1);
  if (i === text.length || (i > 0 && before !== ' ' && before !== '\t')) return text;
  return text.slice(0, i).trimEnd();
}

/** Level and title of an ATX heading line; null for anything else, including an empty title. */
function atxHeading(text: string): { level: number; title: string } | null {
  const m = ATX.exec(text);
  if (m === null) return null;
  const title = stripClosingHashes(m[2]!).trim();
  return title === '' ? null : { level: m[1]!.length, title };
}

function isListItem(text: string): boolean {
  return LIST_ITEM.test(text) && !RULE.test(text) && /^ {0,3}\S/.test(text);
}

/** Lines that end a paragraph (or a lazy list continuation) without a blank line before them. */
function interrupts(text: string): boolean {
  return FENCE.test(text) || atxHeading(text) !== null || RULE.test(text) || QUOTE.test(text) || TABLE_ROW.test(text);
}

/** Whether `text` closes the fence opened by `fence`; '' stands for a fence of unknown kind. */
export function closesFence(text: string, fence: string): boolean {
  const marker = fenceMarker(text);
  return (
    marker !== undefined &&
    (fence === '' || marker.charAt(0) === fence.charAt(0)) &&
    marker.length >= fence.length &&
    text.trim() === marker
  );
}

/** Index one past the last line of the block that starts at line `i`, and the block's kind. */
function scanBlock(lines: Line[], i: number): Scan {
  const text = lines[i]!.text;
  const fence = fenceMarker(text);
  if (fence !== undefined) {
    let j = i + 1;
    while (j < lines.length && !closesFence(lines[j]!.text, fence)) j++;
    return { kind: 'code', next: Math.min(j + 1, lines.length) };
  }
  const atx = atxHeading(text);
  if (atx !== null) return { kind: 'heading', next: i + 1, ...atx };
  if (RULE.test(text)) return { kind: 'rule', next: i + 1 };
  if (QUOTE.test(text)) return { kind: 'quote', next: skipWhile(lines, i + 1, (l) => !isBlank(l)) };
  if (TABLE_ROW.test(text) || (text.includes('|') && isTableDelimiter(lines[i + 1]?.text ?? ''))) {
    return { kind: 'table', next: skipWhile(lines, i + 1, (l) => !isBlank(l) && l.text.includes('|')) };
  }
  if (isListItem(text)) return { kind: 'list', next: scanList(lines, i + 1) };
  return scanParagraph(lines, i);
}

function skipWhile(lines: Line[], j: number, keep: (line: Line) => boolean): number {
  while (j < lines.length && keep(lines[j]!)) j++;
  return j;
}

/** A list runs on through nested items, indented content and lazy lines; a blank line ends it
 * unless the next non-blank line is another item or indented item content. */
function scanList(lines: Line[], j: number): number {
  while (j < lines.length) {
    const line = lines[j]!;
    if (isBlank(line)) {
      const k = skipWhile(lines, j, (l) => isBlank(l));
      const after = lines[k];
      if (after === undefined || !(LIST_ITEM.test(after.text) || INDENTED.test(after.text))) return j;
      j = k;
    } else if (LIST_ITEM.test(line.text) || INDENTED.test(line.text) || !interrupts(line.text)) {
      j++;
    } else {
      return j;
    }
  }
  return j;
}

function scanParagraph(lines: Line[], i: number): Scan {
  let j = i + 1;
  while (j < lines.length) {
    const text = lines[j]!.text;
    const setext = SETEXT.exec(text);
    if (setext) {
      const title = lines
        .slice(i, j)
        .map((l) => l.text.trim())
        .join(' ');
      return { kind: 'heading', next: j + 1, level: setext[1]!.startsWith('=') ? 1 : 2, title };
    }
    if (BLANK.test(text) || interrupts(text) || isListItem(text)) break;
    j++;
  }
  return { kind: 'paragraph', next: j };
}

/** Cuts `src` into blocks in document order; blank lines between blocks belong to none. */
export function parseBlocks(src: string): Block[] {
  const lines = splitLines(src);
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    if (isBlank(lines[i])) {
      i++;
      continue;
    }
    const scanned = scanBlock(lines, i);
    const first = lines[i]!;
    let lastIndex = scanned.next - 1;
    while (lastIndex > i && isBlank(lines[lastIndex])) lastIndex--;
    const last = lines[lastIndex]!;
    blocks.push({
      kind: scanned.kind,
      start: first.start + (first.text.length - first.text.trimStart().length),
      end: last.start + last.text.trimEnd().length,
      level: scanned.level ?? 0,
      title: scanned.title?.trim() ?? '',
    });
    i = scanned.next;
  }
  return blocks;
}
