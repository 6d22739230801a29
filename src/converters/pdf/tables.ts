/**
 * Tables. Left as separate line pieces, a table's columns become blocks and are read column by
 * column, so a number ends up far from its row label, which is useless for retrieval. Rows are
 * therefore recognised (several consecutive rows cut into short pieces, at least some into
 * three or more) and kept whole, and runs of such rows are rendered as Markdown tables.
 *
 * Short pieces are what tells a table from a multi-column page, whose pieces are full lines.
 */
import type { Cell, Line } from './geometry.js';

/** A table needs this many consecutive rows... */
const MIN_ROWS = 3;
/** ...of which this many have three or more cells. */
const MIN_WIDE_ROWS = 2;
const MAX_CELL_CHARS = 100;
const MAX_MEDIAN_CELL_CHARS = 20;
/** Rows further apart than this many font sizes do not continue a table. */
const MAX_ROW_GAP = 3.5;

/** 2: a row of short cells; 1: one short piece, which may sit inside a table; 0: not a row. */
function rowKind(pieces: Line[]): number {
  const lengths = pieces.map((p) => p.text.length).sort((a, b) => a - b);
  if (lengths.at(-1)! > MAX_CELL_CHARS || lengths[Math.floor(lengths.length / 2)]! > MAX_MEDIAN_CELL_CHARS) return 0;
  return pieces.length >= 2 ? 2 : 1;
}

/** Rows of pieces (sorted by baseline) to lines, with table rows merged into one line each. */
export function mergeTableRows(rows: Line[][]): Line[] {
  const kinds = rows.map(rowKind);
  const inTable = new Array<boolean>(rows.length).fill(false);
  for (let i = 0; i < rows.length;) {
    if (kinds[i] !== 2) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < rows.length && kinds[j]! > 0 && closeRows(rows[j - 1]!, rows[j]!)) j++;
    // A lone short line may be a wrapped cell inside the table, not one after it.
    while (kinds[j - 1] === 1) j--;
    const kept = rows.slice(i, j);
    const cells = kept.filter((r) => r.length >= 2).length;
    const wide = kept.filter((r) => r.length >= 3).length;
    if (cells >= MIN_ROWS && wide >= MIN_WIDE_ROWS) inTable.fill(true, i, j);
    i = j;
  }
  return rows.flatMap((pieces, i) => (inTable[i] ? [rowLine(pieces)] : pieces));
}

function closeRows(above: Line[], below: Line[]): boolean {
  const size = Math.max(...above.map((l) => l.size));
  return below[0]!.baseline - above[0]!.baseline <= MAX_ROW_GAP * size;
}

function rowLine(pieces: Line[]): Line {
  const cells = pieces.map((p) => ({ text: p.text, x0: p.x0, x1: p.x1 }));
  return {
    text: cells.map((c) => c.text).join(' | '),
    x0: Math.min(...pieces.map((p) => p.x0)),
    x1: Math.max(...pieces.map((p) => p.x1)),
    top: Math.min(...pieces.map((p) => p.top)),
    bottom: Math.max(...pieces.map((p) => p.bottom)),
    baseline: pieces[0]!.baseline,
    size: Math.max(...pieces.map((p) => p.size)),
    emphasized: pieces.every((p) => p.emphasized),
    rtl: pieces.filter((p) => p.rtl).length * 2 > pieces.length,
    cells,
  };
}

/**
 * Lay rows of cells out on common columns. The rows with the most cells define the columns
 * (the union of their cell extents), since rows with fewer cells have spanning or empty ones;
 * every cell goes to the column nearest its centre. Returns the grid of cell texts.
 */
export function tableGrid(rows: Cell[][]): string[][] {
  const most = Math.max(...rows.map((r) => r.length));
  const spans = rows
    .filter((r) => r.length === most)
    .flat()
    .map((c) => [c.x0, c.x1] as [number, number]);
  spans.sort((a, b) => a[0] - b[0]);
  const columns: [number, number][] = [];
  for (const [x0, x1] of spans) {
    const last = columns.at(-1);
    if (last && x0 <= last[1]) last[1] = Math.max(last[1], x1);
    else columns.push([x0, x1]);
  }
  const distance = (mid: number, [a, b]: [number, number]) => (mid < a ? a - mid : mid > b ? mid - b : 0);
  return rows.map((row) => {
    const out = columns.map(() => '');
    for (const cell of row) {
      const mid = (cell.x0 + cell.x1) / 2;
      let col = 0;
      columns.forEach((c, i) => {
        if (distance(mid, c) < distance(mid, columns[col]!)) col = i;
      });
      out[col] = out[col] ? `${out[col]} ${cell.text}` : cell.text;
    }
    return out;
  });
}

/** A GitHub-flavoured Markdown table, the first row as header. */
export function markdownTable(rows: Cell[][]): string {
  const grid = tableGrid(rows);
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  const line = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
  const [head, ...body] = grid;
  if (!head) return '';
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}
