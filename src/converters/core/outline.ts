/**
 * Headings of a converted document. They come from the rendered Markdown rather than from each
 * source format, so every converter reports exactly the headings its Markdown output has, which
 * is what the chunker and the outline shown to users both see.
 */
import type { OutlineEntry } from './types.js';
import { all, squash, type DomElement } from './dom.js';

export { titleFromOutline } from './title.js';

/** Headings in document order; empty headings (anchors, decoration) are left out. */
export function outlineOf(body: DomElement): OutlineEntry[] {
  return all(body, 'h1, h2, h3, h4, h5, h6')
    .map((heading) => ({ level: Number(heading.tagName.slice(1)), text: squash(heading.textContent) }))
    .filter((entry) => entry.text.length > 0);
}
