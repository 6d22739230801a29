/**
 * The one place a converter's Markdown becomes a ConversionResult, so text, outline, title and
 * language are derived the same way for every format without physical pages and cannot drift
 * apart: unpaged documents, and documents made of sheets or slides (sectionedResult).
 */
import type { ConversionResult, ConvertedPage, DocumentMetadata } from './types.js';
import { detectLanguage } from './language.js';
import { outlineOf, titleFromOutline } from './outline.js';
import { elementText, markdownToText, renderMarkdown } from './plain-text.js';

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

/*
 * Results for formats made of sheets or slides. Each sheet or slide is one section of the
 * Markdown and one entry of `pages`, so a search hit can cite "slide 4" or "sheet Sales" the
 * way a PDF hit cites its page, and pageCount is the sheet or slide count.
 */

export interface Section {
  /** The section's Markdown, heading included. */
  markdown: string;
}

/** Joins the sections and records where each one lies in the joined Markdown. */
export function sectionedResult(sections: readonly Section[], facts: UnpagedFacts = {}): ConversionResult {
  const pages: ConvertedPage[] = [];
  let markdown = '';
  sections.forEach((section, index) => {
    if (markdown) markdown += '\n\n';
    const charStart = markdown.length;
    markdown += section.markdown.trim();
    pages.push({
      number: index + 1,
      text: markdownToText(section.markdown),
      ocr: false,
      charStart,
      charEnd: markdown.length,
    });
  });
  return { ...unpagedResult(markdown, facts), pages, pageCount: sections.length };
}
