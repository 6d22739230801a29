/**
 * Text painted twice. Some producers fake bold or shadows by painting the same text again with
 * a small offset, and some paint fragments of a line under the full line; both would otherwise
 * duplicate or garble words, while only one copy is visible on the page.
 */
import type { Run } from './geometry.js';

/** Drop exact repeats at (almost) the same place, and short runs lying inside a longer one. */
export function dedupeRuns(runs: readonly Run[]): Run[] {
  const seen = new Map<string, Run[]>();
  const unique: Run[] = [];
  for (const run of runs) {
    const same = seen.get(run.text);
    const tol = 0.3 * run.size;
    const dup = same?.some((o) => Math.abs(o.x0 - run.x0) < tol && Math.abs(o.baseline - run.baseline) < tol);
    if (dup) continue;
    if (same) same.push(run);
    else seen.set(run.text, [run]);
    unique.push(run);
  }
  // Bucket by baseline so the containment check stays near-linear on dense pages.
  const byBaseline = new Map<number, Run[]>();
  const ink = new Map<Run, number>();
  for (const run of unique) {
    ink.set(run, run.text.trim().length);
    const key = Math.round(run.baseline);
    for (const k of [key - 1, key, key + 1]) {
      const bucket = byBaseline.get(k);
      if (bucket) bucket.push(run);
      else byBaseline.set(k, [run]);
    }
  }
  return unique.filter((run) => {
    const tol = 0.1 * run.size;
    const len = ink.get(run)!;
    return !byBaseline
      .get(Math.round(run.baseline))
      ?.some(
        (o) =>
          o !== run &&
          Math.abs(o.baseline - run.baseline) < tol &&
          Math.abs(o.size - run.size) < tol &&
          o.x0 - tol <= run.x0 &&
          run.x1 <= o.x1 + tol &&
          ink.get(o)! >= 2 * len,
      );
  });
}
