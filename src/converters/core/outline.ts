/**
 * Headings of a converted document. They come from the rendered Markdown rather than from each
 * source format, so every converter reports exactly the headings its Markdown output has, which
 * is what the chunker and the outline shown to users both see.
 */
import type { OutlineEntry } from './types.js';
import { all, squash, type DomElement } from './dom.js';

/** Headings in document order; empty headings (anchors, decoration) are left out. */
export function outlineOf(body: DomElement): OutlineEntry[] {
  return all(body, 'h1, h2, h3, h4, h5, h6')
    .map((heading) => ({ level: Number(heading.tagName.slice(1)), text: squash(heading.textContent) }))
    .filter((entry) => entry.text.length > 0);
}

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
