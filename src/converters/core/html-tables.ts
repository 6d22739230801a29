/**
 * Reshapes HTML tables so they come out as GFM pipe tables.
 *
 * A GFM cell holds one line of inline content, and the table plugin gives up (keeps raw HTML)
 * as soon as a cell holds a list, heading or nested table, which is common in Word documents
 * and CMS pages. Such cells are flattened to inline content with <br> between their blocks, as
 * docling does; and a table without a header row gets its first row promoted, because GFM
 * requires a header and an empty one tells a reader nothing.
 */
import { ELEMENT_NODE, TEXT_NODE, all, type DomElement, type DomNode } from './dom.js';

const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
]);
const BLOCK_SELECTOR = [...BLOCK_TAGS].join(', ');

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Serialises a cell's content as lines of inline HTML, one per block it contains. */
class CellLines {
  readonly lines: string[] = [];
  private line = '';

  flush(): void {
    const line = this.line.replace(/\s+/g, ' ').trim();
    if (line) this.lines.push(line);
    this.line = '';
  }

  visit(node: DomNode, prefix = ''): void {
    if (node.nodeType === TEXT_NODE) {
      this.line += escapeHtml(node.textContent ?? '');
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const element = node as DomElement;
    const name = element.tagName.toLowerCase();
    if (name === 'br') return this.flush();
    const cell = name === 'td' || name === 'th';
    if (!cell && !BLOCK_TAGS.has(name) && !element.querySelector(BLOCK_SELECTOR)) {
      this.line += element.outerHTML;
      return;
    }
    if (BLOCK_TAGS.has(name)) this.flush();
    this.line += prefix;
    const ordered = name === 'ol';
    let number = Number(element.getAttribute('start') ?? 1) || 1;
    for (const child of Array.from(element.childNodes)) {
      const isItem = child.nodeName.toLowerCase() === 'li';
      const bullet = name === 'ul' && isItem ? '• ' : ordered && isItem ? `${number++}. ` : '';
      this.visit(child, bullet);
    }
    if (cell) this.line += ' ';
    else if (BLOCK_TAGS.has(name)) this.flush();
  }
}

function flattenCell(cell: DomElement): void {
  if (!cell.querySelector(BLOCK_SELECTOR)) return;
  const collector = new CellLines();
  for (const child of Array.from(cell.childNodes)) collector.visit(child);
  collector.flush();
  cell.innerHTML = collector.lines.join('<br>');
}

/** Beyond this many grid cells a table is left as it is rather than expanded (hostile spans). */
const MAX_GRID_CELLS = 100_000;

function span(cell: DomElement, name: string): number {
  const value = Number.parseInt(cell.getAttribute(name) ?? '1', 10);
  return Number.isFinite(value) && value > 1 ? value : 1;
}

/**
 * Expands colspan and rowspan into a regular grid, repeating the spanning cell's content in
 * each slot it covers (as docling does): a pipe table has no spans, and a row that keeps its
 * spanned values still reads correctly on its own, which matters once tables are chunked.
 */
function expandSpans(table: DomElement): void {
  const rows = all(table, 'tr');
  const cells = rows.map((row) => Array.from(row.children).filter((c) => /^t[dh]$/i.test(c.tagName)));
  if (!cells.some((row) => row.some((c) => span(c, 'colspan') > 1 || span(c, 'rowspan') > 1))) return;
  const widest = cells.reduce(
    (max, row) =>
      Math.max(
        max,
        row.reduce((n, c) => n + span(c, 'colspan'), 0),
      ),
    0,
  );
  if (widest * rows.length > MAX_GRID_CELLS) return;

  const grid: DomElement[][] = rows.map(() => []);
  cells.forEach((rowCells, r) => {
    let column = 0;
    for (const cell of rowCells) {
      while (grid[r]?.[column]) column++;
      const height = Math.min(span(cell, 'rowspan'), rows.length - r);
      const width = span(cell, 'colspan');
      cell.removeAttribute('rowspan');
      cell.removeAttribute('colspan');
      for (let i = 0; i < height; i++) {
        for (let j = 0; j < width; j++) grid[r + i]![column + j] = cell;
      }
      column += width;
    }
  });
  const columns = grid.reduce((max, row) => Math.max(max, row.length), 0);
  rows.forEach((row, r) => {
    // A row holding only the start of cells that span further down adds nothing of its own.
    const slots = grid[r] ?? [];
    if (slots.every((cell, c) => !cell || grid[r + 1]?.[c] === cell)) return row.remove();
    row.innerHTML = Array.from({ length: columns }, (_, c) => slots[c]?.outerHTML ?? '<td></td>').join('');
  });
}

/** Turns the first row into a header row when the table has none. */
function promoteHeaderRow(table: DomElement): void {
  if (table.querySelector('thead, th')) return;
  const firstRow = table.querySelector('tr');
  if (!firstRow) return;
  for (const cell of Array.from(firstRow.children)) {
    if (cell.tagName.toLowerCase() !== 'td') continue;
    const header = cell.ownerDocument.createElement('th');
    for (const name of ['colspan', 'rowspan', 'align']) {
      const value = cell.getAttribute(name);
      if (value !== null) header.setAttribute(name, value);
    }
    header.innerHTML = cell.innerHTML;
    cell.replaceWith(header);
  }
}

/** Flattens block content in cells (innermost first, so nested tables fold into their cell). */
export function flattenTables(root: DomElement): void {
  for (const cell of all(root, 'td, th').reverse()) flattenCell(cell);
  for (const table of all(root, 'table')) {
    expandSpans(table);
    promoteHeaderRow(table);
  }
}
