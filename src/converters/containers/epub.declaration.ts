/** E-books (epub.converter.ts converts them); detection reads the ZIP directory only. */
import type { ConverterDeclaration, DetectedFormat } from '../core/types.js';
import { packageMediaType, zipPackage } from '../core/zip-package.js';

const EPUB: DetectedFormat = { mimeType: 'application/epub+zip', extension: 'epub' };

export const epubDeclaration: ConverterDeclaration = {
  id: 'epub',
  version: '3',
  label: 'EPUB',
  mimeTypes: ['application/epub+zip'],
  extensions: ['epub'],
  sniff: {
    // file-type reads only a `mimetype` entry that comes first, as the spec asks; books that
    // break the rule are still books, known by their container.
    refine: {
      of: 'application/zip',
      wholeFile: true,
      test: (bytes) => (packageMediaType(bytes) === EPUB.mimeType || zipPackage(bytes)?.has('META-INF/container.xml') ? EPUB : null),
    },
  },
};
