/** PowerPoint 97-2003 presentations (ppt.converter.ts converts them). */
import type { ConverterDeclaration } from '../core/types.js';
import { oleFormatOf } from './ole-sniff.js';

export const pptDeclaration: ConverterDeclaration = {
  id: 'ppt',
  version: '1',
  label: 'PowerPoint 97-2003 presentation',
  mimeTypes: ['application/vnd.ms-powerpoint'],
  extensions: ['ppt', 'pps'],
  sniff: {
    // file-type calls every OLE compound file x-cfb; the main stream tells which one it is.
    refine: { of: 'application/x-cfb', wholeFile: true, test: (head) => oleFormatOf(head, 'application/vnd.ms-powerpoint') },
  },
};
