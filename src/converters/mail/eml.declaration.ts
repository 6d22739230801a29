/** E-mail as RFC 822 text (eml.converter.ts converts it with postal-mime). */
import type { ConverterDeclaration } from '../core/types.js';
import { EML, looksLikeEmail } from './mail-detect.js';

export const emlDeclaration: ConverterDeclaration = {
  id: 'eml',
  version: '3',
  label: 'E-mail (EML)',
  mimeTypes: ['message/rfc822'],
  extensions: ['eml'],
  sniff: {
    // Mail has no magic number: its header block is the signature.
    text: (text) => (looksLikeEmail(text) ? EML : null),
    textExtensions: [['eml', EML]],
  },
};
