/**
 * Cutting a block that is over budget into pieces that fit, and choosing where an overlap starts.
 *
 * Cuts go from the coarsest boundary the block kind offers down to the finest: list items, then
 * lines (table rows, code lines), then sentences, then whitespace between words. Only a run with
 * no whitespace at all that is still over budget (a base64 data URI, a long CJK sentence with no
 * punctuation) is cut inside, and then at a letter/punctuation change or a code-point boundary,
 * so no chunk can ever be over budget. Every piece is trimmed, so its offsets point at text.
 */

import type { BlockKind } from './blocks.js';
import { MAX_CHARS_PER_TOKEN, estimateTokens, isLowSurrogate, isWordChar } from './tokens.js';

export interface Piece {
  start: number;
  end: number;
  tokens: number;
}

interface Range {
  start: number;
  end: number;
}

/** Cuts [start, end) of `src` into trimmed, non-empty ranges. */
type Splitter = (src: string, start: number, end: number) => Range[];

const SPACE = /\s/;

function isSpace(src: string, index: number): boolean {
  return SPACE.test(src.charAt(index));
}

function pushTrimmed(src: string, start: number, end: number, out: Range[]): void {
  let s = start;
  let e = end;
  while (s < e && isSpace(src, s)) s++;
  while (e > s && isSpace(src, e - 1)) e--;
  if (s < e) out.push({ start: s, end: e });
}

/** A splitter that cuts after every match of `pattern` (which must have the g flag). */
function cutAfter(pattern: RegExp): Splitter {
  return (src, start, end) => {
    const text = src.slice(start, end);
    const out: Range[] = [];
    let from = 0;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const cut = m.index + m[0].length;
      pushTrimmed(src, start + from, start + cut, out);
      from = cut;
    }
    pushTrimmed(src, start + from, end, out);
    return out;
  };
}

const byLine = cutAfter(/\n/g);
const byWord = cutAfter(/\s+/g);
const bySentence = cutAfter(/[.!?…]+['")\]’”»]*\s+|[。！？]+[」』）”’]*\s*/gu);

const itemPatterns = new Map<number, RegExp>();

/** Cuts a list before each item at the list's own indentation, keeping sub-lists with their item. */
const byItem: Splitter = (src, start, end) => {
  const lineStart = src.lastIndexOf('\n', start - 1) + 1;
  const indent = start - lineStart;
  let pattern = itemPatterns.get(indent);
  if (pattern === undefined) {
    pattern = new RegExp(`\\n(?=[ \\t]{0,${indent + 1}}(?:[-+*]|\\d{1,9}[.)])(?:[ \\t]|$))`, 'gm');
    itemPatterns.set(indent, pattern);
  }
  return cutAfter(pattern)(src, start, end);
};

const LEVELS: Record<BlockKind, readonly Splitter[]> = {
  list: [byItem, byLine, bySentence, byWord],
  table: [byLine, byWord],
  code: [byLine, byWord],
  heading: [bySentence, byWord],
  paragraph: [bySentence, byLine, byWord],
  quote: [bySentence, byLine, byWord],
  rule: [byWord],
};

/** Pieces of [start, end), each within `budget`; the range itself when it already fits. */
export function splitBlock(src: string, start: number, end: number, kind: BlockKind, budget: number): Piece[] {
  const out: Piece[] = [];
  splitRange(src, start, end, LEVELS[kind], 0, budget, out);
  return out;
}

function splitRange(
  src: string,
  start: number,
  end: number,
  levels: readonly Splitter[],
  depth: number,
  budget: number,
  out: Piece[],
): void {
  const tokens = estimateTokens(src, start, end);
  if (tokens <= budget) {
    out.push({ start, end, tokens });
    return;
  }
  for (let d = depth; d < levels.length; d++) {
    const parts = levels[d]!(src, start, end);
    if (parts.length > 1) {
      for (const part of parts) splitRange(src, part.start, part.end, levels, d + 1, budget, out);
      return;
    }
  }
  hardSplit(src, start, end, budget, out);
}

/** Moves a cut off the inside of a surrogate pair and from before a combining mark. */
function snapToCharacter(src: string, start: number, cut: number): number {
  let c = cut;
  while (c - 1 > start && (/\p{M}/u.test(src.charAt(c)) || isLowSurrogate(src.charCodeAt(c)))) c--;
  if (isLowSurrogate(src.charCodeAt(c))) c++;
  return c;
}

/** Cuts a whitespace-free run greedily into the longest prefixes within budget. */
function hardSplit(src: string, start: number, end: number, budget: number, out: Piece[]): void {
  let s = start;
  // With no whitespace every token covers at most MAX_CHARS_PER_TOKEN characters, so only a short
  // enough rest can fit: checking that alone keeps this linear in the length of the run.
  const window = MAX_CHARS_PER_TOKEN * (budget + 1);
  while (s < end) {
    const rest = end - s <= window ? estimateTokens(src, s, end) : Infinity;
    if (rest <= budget) {
      out.push({ start: s, end, tokens: rest });
      return;
    }
    // The estimate of a prefix only grows with its length, so binary-search the longest one.
    let lo = s + 1;
    let hi = Math.min(end, s + window);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (estimateTokens(src, s, mid) <= budget) lo = mid;
      else hi = mid - 1;
    }
    let cut = snapToCharacter(src, s, lo);
    // Prefer the last letter/punctuation change in the second half, e.g. a '/' in a URL.
    for (let c = cut; c > s + (cut - s) / 2; c--) {
      if (isWordChar(src, c) !== isWordChar(src, c - 1)) {
        cut = snapToCharacter(src, s, c);
        break;
      }
    }
    out.push({ start: s, end: cut, tokens: estimateTokens(src, s, cut) });
    s = cut;
  }
}

const SENTENCE_END = /[.!?…。！？:]['")\]’”»」』）]*\s*$/u;

/** Whether a word at `index` starts a line or follows a sentence end: a clean place to resume. */
function isCleanStart(src: string, index: number): boolean {
  let i = index;
  while (i > 0 && (src.charAt(i - 1) === ' ' || src.charAt(i - 1) === '\t')) i--;
  const before = src.charAt(i - 1);
  if (i === 0 || before === '\n' || before === '\r') return true;
  return SENTENCE_END.test(src.slice(Math.max(0, index - 8), index));
}

/**
 * Where the overlap that repeats the end of [floor, end) should start: whole words only, at most
 * `budget` tokens, preferring the earliest line or sentence start that still keeps at least half
 * the budget so the repeated text reads as a unit. Null when not even one word fits.
 */
export function overlapStart(src: string, floor: number, end: number, budget: number): Piece | null {
  let pos = end;
  let tokens = 0;
  let furthest: Piece | null = null;
  let clean: Piece | null = null;
  for (;;) {
    let wordEnd = pos;
    while (wordEnd > floor && isSpace(src, wordEnd - 1)) wordEnd--;
    if (wordEnd <= floor) break;
    let wordStart = wordEnd;
    while (wordStart > floor && !isSpace(src, wordStart - 1)) wordStart--;
    const cost = estimateTokens(src, wordStart, wordEnd);
    if (tokens + cost > budget) break;
    tokens += cost;
    furthest = { start: wordStart, end, tokens };
    if (tokens * 2 >= budget && isCleanStart(src, wordStart)) clean = furthest;
    pos = wordStart;
  }
  return clean ?? furthest;
}
