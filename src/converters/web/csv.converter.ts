/**
 * Delimited text (CSV, TSV and their semicolon and pipe cousins, as European spreadsheet
 * exports write them). The encoding is detected like any text upload (BOM, UTF-8 validity,
 * then chardet for cp932, latin1 and the like); the delimiter is guessed by papaparse from the
 * lines themselves, since the extension says little ("CSV" files are often semicolon-separated).
 * The result is one GFM table, like one sheet of a workbook.
 */
import type { ConversionResult, Converter, ConvertInput } from '../core/types.js';
import { csvDeclaration, parseDelimited, TSV_MIME } from './csv.declaration.js';
import { decodeText } from '../core/decode-text.js';
import { markdownTable } from '../core/markdown-table.js';
import { sectionedResult } from '../core/result.js';

async function convertCsv(input: ConvertInput): Promise<ConversionResult> {
  const { text, encoding } = decodeText(input.bytes);
  const { rows, delimiter } = parseDelimited(text, input.mimeType === TSV_MIME);
  const result = sectionedResult([{ markdown: markdownTable(rows) }], {
    metadata: { encoding, delimiter, rowCount: rows.length },
  });
  // A header cell is no document title.
  return { ...result, title: null };
}

export const csvConverter: Converter = { ...csvDeclaration, convert: convertCsv };
