/** Word 97-2003 documents (doc.converter.ts converts them with word-extractor). */
import type { ConverterDeclaration } from '../core/types.js';
import { oleFormatOf } from './ole-sniff.js';

export const docDeclaration: ConverterDeclaration = {
  id: 'doc',
  version: '1',
  label: 'Word 97-2003 document',
  mimeTypes: ['application/msword'],
  extensions: ['doc'],
  sniff: {
    // file-type calls every OLE compound file x-cfb; the main stream tells which one it is.
    refine: { of: 'application/x-cfb', wholeFile: true, test: (head) => oleFormatOf(head, 'application/msword') },
  },
};
