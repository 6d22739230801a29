/** Outlook items (msg.converter.ts converts them with msgreader). */
import type { ConverterDeclaration } from '../core/types.js';
import { isOutlookItem, MSG } from './mail-detect.js';

export const msgDeclaration: ConverterDeclaration = {
  id: 'msg',
  version: '3',
  label: 'Outlook message (MSG)',
  mimeTypes: ['application/vnd.ms-outlook'],
  extensions: ['msg'],
  sniff: {
    // An Outlook item is an OLE compound file too; its property stream gives it away.
    refine: { of: 'application/x-cfb', wholeFile: true, test: (head) => (isOutlookItem(head) ? MSG : null) },
  },
};
