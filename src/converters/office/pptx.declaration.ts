/** PowerPoint presentations (pptx.converter.ts converts them); detection reads the package only. */
import type { ConverterDeclaration } from '../core/types.js';
import { ooxmlRefinement } from './package-sniff.js';

export const pptxDeclaration: ConverterDeclaration = {
  id: 'pptx',
  version: '3',
  label: 'PowerPoint presentation',
  mimeTypes: [
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'application/vnd.ms-powerpoint.presentation.macroenabled.12',
  ],
  extensions: ['pptx', 'pptm'],
  // file-type calls a package whose telling entries are past the head a plain ZIP.
  sniff: {
    refine: ooxmlRefinement('pptx', {
      mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      extension: 'pptx',
    }),
  },
};
