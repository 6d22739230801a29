/** ZIP archives (archive.converter.ts converts each entry); file-type's magic number recognises them. */
import type { ConverterDeclaration } from '../core/types.js';

export const archiveDeclaration: ConverterDeclaration = {
  id: 'archive',
  version: '1',
  label: 'ZIP archive',
  mimeTypes: ['application/zip', 'application/x-zip-compressed'],
  extensions: ['zip'],
};
