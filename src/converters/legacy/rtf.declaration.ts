/** Rich Text Format (rtf.converter.ts converts it); file-type's magic number recognises it. */
import type { ConverterDeclaration } from '../core/types.js';

export const rtfDeclaration: ConverterDeclaration = {
  id: 'rtf',
  version: '1',
  label: 'Rich Text Format',
  mimeTypes: ['application/rtf', 'text/rtf'],
  extensions: ['rtf'],
};
