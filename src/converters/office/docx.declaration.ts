/** Word documents (docx.converter.ts converts them with mammoth); detection reads the package only. */
import type { ConverterDeclaration } from '../core/types.js';
import { ooxmlRefinement } from './package-sniff.js';

export const docxDeclaration: ConverterDeclaration = {
  id: 'docx',
  version: '3',
  label: 'Word document',
  mimeTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  extensions: ['docx'],
  // file-type calls a package whose telling entries are past the head a plain ZIP.
  sniff: {
    refine: ooxmlRefinement('docx', {
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      extension: 'docx',
    }),
  },
};
