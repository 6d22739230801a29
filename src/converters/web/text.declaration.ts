/** Plain text: the catch-all for text no other format claims (text.converter.ts converts it). */
import type { ConverterDeclaration, DetectedFormat } from '../core/types.js';

const PLAIN_TEXT: DetectedFormat = { mimeType: 'text/plain', extension: 'txt' };

export const textDeclaration: ConverterDeclaration = {
  id: 'text',
  version: '2',
  label: 'Plain text',
  mimeTypes: ['text/plain'],
  extensions: ['txt', 'text', 'log'],
  sniff: {
    // The catch-all for text nothing else claims, so it runs after every other fallback.
    priority: 100,
    fallback: () => PLAIN_TEXT,
  },
};
