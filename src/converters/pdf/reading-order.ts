/**
 * Reading order of text blocks on a page, after Breuel ("High performance document layout
 * analysis", 2003): A precedes B if they overlap horizontally and A is above, or if A is
 * entirely before B along the line (left of it; right of it on right-to-left pages) and no
 * block between them vertically spans both. A topological sort of that relation reads
 * multi-column pages column by column while full-width titles and rules stay in place.
 */

export interface Box {
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  /** Font size of the block's first line. */
  size: number;
}

export const xOverlap = (a: { x0: number; x1: number }, b: { x0: number; x1: number }) => Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);

const yOverlap = (a: Box, b: Box) => Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);

/** Above this many blocks the cubic relation costs too much; fall back to top-to-bottom. */
const MAX_BLOCKS = 400;

export function readingOrder<T extends Box>(blocks: readonly T[], rtl: boolean): T[] {
  const n = blocks.length;
  if (n > MAX_BLOCKS) return [...blocks].sort((a, b) => a.top - b.top || a.x0 - b.x0);
  const overlaps = (a: Box, b: Box) => xOverlap(a, b) > 0.1 * Math.min(a.x1 - a.x0, b.x1 - b.x0, 20);
  const isBefore = (a: Box, b: Box) => (rtl ? a.x0 >= b.x1 - 1 : a.x1 <= b.x0 + 1);

  const before = (a: T, b: T): boolean => {
    if (overlaps(a, b)) return a.top + a.bottom < b.top + b.bottom;
    if (!isBefore(a, b)) return false;
    // A block wholly below B precedes it only if it sits in a multi-column band itself;
    // otherwise it is text under a table or figure and comes after it (the original rule
    // would read a heading below a table before the table's right-hand columns).
    if (a.top >= b.bottom && !blocks.some((d) => d !== a && yOverlap(d, a) > 0 && isBefore(a, d))) {
      return false;
    }
    const lo = Math.min(a.top, b.top);
    const hi = Math.max(a.bottom, b.bottom);
    return !blocks.some((c) => c !== a && c !== b && c.top >= lo && c.bottom <= hi && overlaps(c, a) && overlaps(c, b));
  };

  const indegree = new Array<number>(n).fill(0);
  const edges: number[][] = blocks.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j && before(blocks[i]!, blocks[j]!)) {
        edges[i]!.push(j);
        indegree[j]!++;
      }
    }
  }

  const done = new Array<boolean>(n).fill(false);
  const order: T[] = [];
  const key = (b: Box) => b.top * 1e4 + (rtl ? -b.x1 : b.x0);
  /** Directly under the previous block: the same column going on. */
  const continues = (prev: Box | undefined, b: Box) =>
    prev !== undefined && xOverlap(prev, b) > 0 && b.top >= prev.top && b.top - prev.bottom < 2.5 * prev.size;
  while (order.length < n) {
    // Among blocks whose predecessors are placed: one continuing the previous block's column,
    // else the top-most. A cycle (overlapping boxes) is broken the same way.
    const prev = order.at(-1);
    let pick = -1;
    let pickRank = -1;
    for (let i = 0; i < n; i++) {
      if (done[i]) continue;
      const b = blocks[i]!;
      const rank = (indegree[i] === 0 ? 2 : 0) + (continues(prev, b) ? 1 : 0);
      if (rank > pickRank || (rank === pickRank && key(b) < key(blocks[pick]!))) {
        pick = i;
        pickRank = rank;
      }
    }
    done[pick] = true;
    order.push(blocks[pick]!);
    for (const j of edges[pick]!) indegree[j]!--;
  }
  return order;
}
