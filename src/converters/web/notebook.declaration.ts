/** Jupyter notebooks, known by their extension once the head is text (notebook.converter.ts). */
import type { ConverterDeclaration } from '../core/types.js';

export const notebookDeclaration: ConverterDeclaration = {
  id: 'ipynb',
  version: '1',
  label: 'Jupyter notebook',
  mimeTypes: ['application/x-ipynb+json'],
  extensions: ['ipynb'],
  sniff: { textExtensions: [['ipynb', { mimeType: 'application/x-ipynb+json', extension: 'ipynb' }]] },
};
