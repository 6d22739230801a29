/**
 * The one place a converter's Markdown becomes a ConversionResult, so text, outline, title and
 * language are derived the same way for every unpaged format and cannot drift apart.
 */
import type { ConversionResult, DocumentMetadata } from './types.js';
import { detectLanguage } from './language.js';
import { outlineOf, titleFromOutline } from './outline.js';
import { elementText, renderMarkdown } from './plain-text.js';

export interface UnpagedFacts {
  /** A title the source states (HTML <title>, document properties); else one from headings. */
  title?: string | null;
  /** A language the source declares; used only when the text is too short to detect one. */
  declaredLanguage?: string | null;
  metadata?: DocumentMetadata;
  /**
   * Text to use instead of the rendered Markdown's: for plain text, where the Markdown is the
   * text itself and rendering it would treat stray `#` or `*` as syntax.
   */
  text?: string;
}

/** Builds the result for a format without pages (`pages: []`, `pageCount: null`). */
export function unpagedResult(markdown: string, facts: UnpagedFacts = {}): ConversionResult {
  const body = facts.text === undefined ? renderMarkdown(markdown) : null;
  const text = body ? elementText(body) : (facts.text ?? '');
  const outline = body ? outlineOf(body) : [];
  const title = facts.title?.trim() || titleFromOutline(outline);
  return {
    markdown,
    text,
    pages: [],
    pageCount: null,
    title,
    language: detectLanguage(text) ?? facts.declaredLanguage ?? null,
    metadata: { ...facts.metadata },
    outline,
  };
}
