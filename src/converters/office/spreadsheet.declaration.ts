/**
 * Workbooks: XLSX, XLS and ODS (spreadsheet.converter.ts converts them with SheetJS). Detection
 * reads the package or the compound file's directory; SheetJS loads only to convert.
 */
import type { ConverterDeclaration } from '../core/types.js';
import { oleFormatOf } from '../legacy/ole-sniff.js';
import { odfRefinement, ooxmlRefinement } from './package-sniff.js';

export const spreadsheetDeclaration: ConverterDeclaration = {
  id: 'spreadsheet',
  version: '2',
  label: 'Spreadsheet',
  mimeTypes: [
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.ms-excel.sheet.macroenabled.12',
    'application/vnd.ms-excel',
    'application/vnd.oasis.opendocument.spreadsheet',
  ],
  extensions: ['xlsx', 'xlsm', 'xls', 'ods'],
  sniff: {
    refine: [
      // file-type calls every OLE compound file x-cfb; the main stream tells which one it is.
      { of: 'application/x-cfb', wholeFile: true, test: (head) => oleFormatOf(head, 'application/vnd.ms-excel') },
      // A package file-type took for a plain ZIP: its contents say whether it is a workbook.
      ooxmlRefinement('xlsx', { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' }),
      odfRefinement([{ mimeType: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods' }]),
    ],
  },
};
