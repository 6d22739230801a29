/**
 * Delimited text (csv.converter.ts converts it): known by its extension, or, without one, by
 * lines that split evenly on one delimiter. The converter parses with the same papaparse call,
 * so a file sniffed as delimited reads back as the table detection saw.
 */
import Papa from 'papaparse';
import type { ConverterDeclaration, DetectedFormat } from '../core/types.js';

export const TSV_MIME = 'text/tab-separated-values';
/** Delimiters papaparse may choose between, in order of preference on a tie. */
const DELIMITERS = [',', '\t', ';', '|'];

/** Rows of the file; a TSV declared by its detected type is never re-guessed. */
export function parseDelimited(text: string, tabSeparated: boolean): { rows: string[][]; delimiter: string } {
  const parsed = Papa.parse<string[]>(text, {
    delimiter: tabSeparated ? '\t' : '',
    delimitersToGuess: DELIMITERS,
    skipEmptyLines: 'greedy',
  });
  return { rows: parsed.data, delimiter: parsed.meta.delimiter };
}

/** Extensions that say "prose": such files stay plain text even when their lines line up. */
const PROSE_EXTENSIONS = new Set(['txt', 'text', 'log', 'md', 'markdown', 'eml']);
/** Enough lines to judge, few enough to be cheap on any upload's head. */
const SNIFF_LINES = 50;
const MIN_SNIFF_LINES = 3;

/**
 * Delimited data in a file whose name does not say so (no extension, or an unknown one):
 * at least three lines that all split into the same number (two or more) of fields on one
 * delimiter. Prose almost never does, and the plain-text extensions are never second-guessed.
 */
export function sniffDelimited(text: string, extension: string): DetectedFormat | null {
  if (PROSE_EXTENSIONS.has(extension)) return null;
  // The head may end mid-line: the last, possibly cut, line is left out.
  const lines = text
    .split(/\r\n?|\n/)
    .slice(0, SNIFF_LINES + 1)
    .slice(0, -1)
    .filter((line) => line.trim());
  if (lines.length < MIN_SNIFF_LINES) return null;
  const { rows, delimiter } = parseDelimited(lines.join('\n'), false);
  const width = rows[0]?.length ?? 0;
  if (width < 2 || !rows.every((row) => row.length === width)) return null;
  return delimiter === '\t' ? { mimeType: TSV_MIME, extension: 'tsv' } : { mimeType: 'text/csv', extension: 'csv' };
}

export const csvDeclaration: ConverterDeclaration = {
  id: 'csv',
  version: '2',
  label: 'CSV / TSV',
  mimeTypes: ['text/csv', TSV_MIME],
  extensions: ['csv', 'tsv', 'tab'],
  sniff: {
    textExtensions: [
      ['csv', { mimeType: 'text/csv', extension: 'csv' }],
      ['tsv', { mimeType: TSV_MIME, extension: 'tsv' }],
    ],
    fallback: sniffDelimited,
  },
};
