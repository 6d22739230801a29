/**
 * Packing units (blocks, or pieces of blocks over budget) into chunk spans.
 *
 * One greedy pass in document order, so the result is predictable and linear in the input:
 *
 * - units are added to the open chunk while the estimate stays within `maxTokens`; a unit that
 *   does not fit starts the next chunk whole (a table, list or code block that fits a chunk is
 *   never cut, and only a block larger than a whole chunk arrives here already in pieces);
 * - a heading deeper than the open chunk's current section continues the chunk when it fits;
 *   a heading of the same or a higher level starts a new chunk, except that a chunk still under
 *   `minTokens` takes in the next section when it sits under the parent of the chunk's first
 *   section (a sibling of that section, or a descendant of one; never a cousin or an ancestor's
 *   sibling), so one-line sections and bare title headings join their neighbour instead of
 *   becoming chunks of their own, and a merged chunk never strays outside one parent heading;
 * - a heading never ends a chunk while its section continues: trailing headings move on to the
 *   next chunk with the unit that did not fit;
 * - when one section continues into a new chunk, that chunk first repeats up to `overlapTokens`
 *   from the end of the previous one (whole words, never before the section's first body unit).
 */

import type { ChunkerOptions } from './types.js';
import { overlapStart, type Piece } from './split.js';

export interface Unit extends Piece {
  heading: boolean;
  /** Heading level of the unit's section; 0 before the first heading. */
  sectionLevel: number;
  /** Ordinal of the unit's section: bumps at every heading. */
  section: number;
  path: readonly string[];
}

/** A chunk before finishing: its offsets and the units [first, last] it holds. */
export interface Span extends Piece {
  first: number;
  last: number;
}

function commonPrefix(a: readonly string[], b: readonly string[]): readonly string[] {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n === a.length ? a : a.slice(0, n);
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((title, i) => path[i] === title);
}

/**
 * The heading path every body unit of units[first..last] sits under (heading units only count
 * when there is no body), so a bare title heading merged into its first section does not hide
 * that section's heading, while text from two sections gets only the path they share.
 */
export function spanPath(units: readonly Unit[], first: number, last: number): string[] {
  let body: readonly string[] | null = null;
  let headings: readonly string[] | null = null;
  for (let i = first; i <= last; i++) {
    const unit = units[i]!;
    if (unit.heading) headings = headings === null ? unit.path : commonPrefix(headings, unit.path);
    else body = body === null ? unit.path : commonPrefix(body, unit.path);
  }
  return [...(body ?? headings ?? [])];
}

/** Start of each section's first non-heading unit: overlaps never reach back past it. */
function bodyStarts(units: readonly Unit[]): Map<number, number> {
  const starts = new Map<number, number>();
  for (const unit of units) {
    if (!unit.heading && !starts.has(unit.section)) starts.set(unit.section, unit.start);
  }
  return starts;
}

/** A span holding just `units[index]`. */
function single(units: readonly Unit[], index: number): Span {
  const unit = units[index]!;
  return { start: unit.start, end: unit.end, tokens: unit.tokens, first: index, last: index };
}

/** Whether `heading` may continue `span` (given it fits): the merge rule in the module comment. */
function headingJoins(units: readonly Unit[], span: Span, heading: Unit, minTokens: number): boolean {
  if (heading.sectionLevel > units[span.last]!.sectionLevel) return true;
  if (span.tokens >= minTokens) return false;
  return isPrefix(units[span.first]!.path.slice(0, -1), heading.path);
}

/**
 * When the span ends in headings after some body, a new span made of those headings plus `unit`
 * (if it fits), after cutting them off `span`; null otherwise.
 */
function carryHeadings(units: readonly Unit[], span: Span, index: number, maxTokens: number): Span | null {
  let k = span.last;
  while (k > span.first && units[k]!.heading) k--;
  if (k === span.last || units[k]!.heading) return null;
  let carried = 0;
  for (let i = k + 1; i <= span.last; i++) carried += units[i]!.tokens;
  const unit = units[index]!;
  if (carried + unit.tokens > maxTokens) return null;
  const start = units[k + 1]!.start;
  const next = { start, end: unit.end, tokens: carried + unit.tokens, first: k + 1, last: index };
  span.end = units[k]!.end;
  span.tokens -= carried;
  span.last = k;
  return next;
}

/** The span that follows `prev` and starts with `units[index]`, with overlap when it applies. */
function openAfter(
  src: string,
  units: readonly Unit[],
  prev: Span,
  index: number,
  options: ChunkerOptions,
  starts: Map<number, number>,
): Span {
  const unit = units[index]!;
  const next = single(units, index);
  const floor = starts.get(unit.section);
  if (unit.heading || units[prev.last]!.section !== unit.section || floor === undefined) return next;
  const room = options.maxTokens - unit.tokens;
  const budget = Math.min(options.overlapTokens, room, Math.floor(prev.tokens / 2));
  const overlap = overlapStart(src, Math.max(prev.start, floor), prev.end, budget);
  if (overlap !== null) {
    next.start = overlap.start;
    next.tokens += overlap.tokens;
  }
  return next;
}

/** Packs `units` (in document order, each within budget) into chunk spans. */
export function packUnits(src: string, units: readonly Unit[], options: ChunkerOptions): Span[] {
  const starts = bodyStarts(units);
  const spans: Span[] = [];
  let span: Span | null = null;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (span === null) {
      span = single(units, i);
      continue;
    }
    const fits = span.tokens + unit.tokens <= options.maxTokens;
    if (fits && (!unit.heading || headingJoins(units, span, unit, options.minTokens))) {
      span.end = unit.end;
      span.tokens += unit.tokens;
      span.last = i;
      continue;
    }
    const carried: Span | null = unit.heading ? null : carryHeadings(units, span, i, options.maxTokens);
    spans.push(span);
    span = carried ?? openAfter(src, units, span, i, options, starts);
  }
  if (span !== null) spans.push(span);
  return spans;
}
