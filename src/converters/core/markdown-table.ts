/**
 * GFM tables from a grid of cell strings, shared by every format whose source is a grid
 * (spreadsheets, CSV, slide and word-processor tables). GFM has no multi-line cells or spans,
 * so line breaks become `<br>` (rendered, and read back as a space by plain-text.ts) and pipes
 * are escaped; the first row is the header row, as it is in nearly every real sheet.
 */

/** One cell's text made safe for a single GFM table cell. */
export function tableCell(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[ \t]*\n[ \t]*/g, '<br>')
    .replace(/[ \t]+/g, ' ');
}

/**
 * Drops rows and columns that are empty everywhere: sheets often carry formatting far past
 * their data, and a table of blank columns is noise for readers and for the index.
 */
export function trimGrid(rows: ReadonlyArray<ReadonlyArray<string>>): string[][] {
  const filled = rows.filter((row) => row.some((cell) => cell.trim() !== ''));
  const width = Math.max(0, ...filled.map((row) => row.length));
  const keep: number[] = [];
  for (let column = 0; column < width; column += 1) {
    if (filled.some((row) => (row[column] ?? '').trim() !== '')) keep.push(column);
  }
  return filled.map((row) => keep.map((column) => row[column] ?? ''));
}

/** The grid as a GFM table; short rows are padded so every row has the header's width. */
export function markdownTable(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const width = Math.max(0, ...rows.map((row) => row.length));
  if (rows.length === 0 || width === 0) return '';
  const line = (row: ReadonlyArray<string>) => `| ${Array.from({ length: width }, (_, i) => tableCell(row[i] ?? '')).join(' | ')} |`;
  const [header, ...body] = rows;
  return [line(header!), `| ${Array(width).fill('---').join(' | ')} |`, ...body.map(line)].join('\n');
}
