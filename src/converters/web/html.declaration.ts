/**
 * HTML and XHTML, known by their first markup (html.converter.ts converts them). Detection runs
 * on every upload, so this module holds only the test: no DOM, no Readability.
 */
import type { ConverterDeclaration, DetectedFormat } from '../core/types.js';

const HTML: DetectedFormat = { mimeType: 'text/html', extension: 'html' };

/**
 * HTML if the first markup, after a BOM, whitespace, comments and an XML declaration, is an
 * HTML doctype or an <html>, <head> or <body> tag.
 */
function htmlIn(text: string | null): DetectedFormat | null {
  if (text === null) return null;
  const start = text
    .replace(/^\uFEFF/, '')
    .replace(/^(?:\s+|<!--[\s\S]*?-->|<\?xml[^>]*\?>)*/, '')
    .slice(0, 512);
  return /^<(?:!doctype\s+html|html|head|body)[\s>/]/i.test(start) ? HTML : null;
}

export const htmlDeclaration: ConverterDeclaration = {
  id: 'html',
  version: '3',
  label: 'HTML',
  mimeTypes: ['text/html', 'application/xhtml+xml'],
  extensions: ['html', 'htm', 'xhtml'],
  sniff: {
    // Before mail: a page is told by its markup, and nothing else is tested first.
    priority: -1,
    // XHTML starts with an XML declaration, which is all file-type looks at.
    refine: { of: 'application/xml', test: (_head, text) => htmlIn(text()) },
    text: htmlIn,
    textExtensions: [
      ['html', HTML],
      ['htm', HTML],
      ['xhtml', HTML],
    ],
  },
};
