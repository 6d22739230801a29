/** XML and RSS/Atom feeds, known by their extension once the head is text (xml.converter.ts). */
import type { ConverterDeclaration, DetectedFormat } from '../core/types.js';

const XML: DetectedFormat = { mimeType: 'application/xml', extension: 'xml' };

export const xmlDeclaration: ConverterDeclaration = {
  id: 'xml',
  version: '3',
  label: 'XML (incl. RSS/Atom feeds)',
  mimeTypes: ['application/xml', 'text/xml', 'application/rss+xml', 'application/atom+xml'],
  extensions: ['xml', 'rss', 'atom'],
  sniff: {
    // Feeds are XML to the converter, whatever their extension says.
    textExtensions: [
      ['xml', XML],
      ['rss', XML],
      ['atom', XML],
    ],
  },
};
