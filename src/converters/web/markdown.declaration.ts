/** Markdown, known by its extension once the head is text (markdown.converter.ts converts it). */
import type { ConverterDeclaration, DetectedFormat } from '../core/types.js';

const MARKDOWN: DetectedFormat = { mimeType: 'text/markdown', extension: 'md' };

export const markdownDeclaration: ConverterDeclaration = {
  id: 'markdown',
  version: '1',
  label: 'Markdown',
  mimeTypes: ['text/markdown', 'text/x-markdown'],
  extensions: ['md', 'markdown'],
  sniff: {
    textExtensions: [
      ['md', MARKDOWN],
      ['markdown', MARKDOWN],
    ],
  },
};
