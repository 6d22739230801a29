/**
 * The title a document's headings imply. Kept apart from outline.ts, which parses HTML: the PDF
 * converter builds its outline itself and must not load a DOM implementation (linkedom and its
 * ~150 modules) just to pick a title, which a `docsphere extract file.pdf` pays at every start.
 */
import type { OutlineEntry } from './types.js';

/**
 * The document title implied by its headings: the first level-1 heading, else the first
 * heading if it is the highest level in the document (a page whose top heading is an h2).
 */
export function titleFromOutline(outline: readonly OutlineEntry[]): string | null {
  const h1 = outline.find((entry) => entry.level === 1);
  if (h1) return h1.text;
  const first = outline[0];
  if (!first) return null;
  const top = Math.min(...outline.map((entry) => entry.level));
  return first.level === top ? first.text : null;
}
