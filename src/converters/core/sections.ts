/**
 * Results for formats made of sheets or slides. Each sheet or slide is one section of the
 * Markdown and one entry of `pages`, so a search hit can cite "slide 4" or "sheet Sales" the
 * way a PDF hit cites its page, and pageCount is the sheet or slide count.
 */
import type { ConversionResult, ConvertedPage } from './types.js';
import { markdownToText } from './plain-text.js';
import { unpagedResult, type UnpagedFacts } from './result.js';

export interface Section {
  /** The section's Markdown, heading included. */
  markdown: string;
}

/** Joins the sections and records where each one lies in the joined Markdown. */
export function sectionedResult(
  sections: readonly Section[],
  facts: UnpagedFacts = {},
): ConversionResult {
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
