/** JSON, known by its extension once the head is text (json.converter.ts converts it). */
import type { ConverterDeclaration } from '../core/types.js';

export const jsonDeclaration: ConverterDeclaration = {
  id: 'json',
  version: '1',
  label: 'JSON',
  mimeTypes: ['application/json'],
  extensions: ['json'],
  sniff: { textExtensions: [['json', { mimeType: 'application/json', extension: 'json' }]] },
};
