/**
 * Spreadsheets: XLSX/XLSM, legacy XLS (BIFF) and ODS, through SheetJS. SheetJS is the one
 * maintained reader covering all three, including BIFF with its code pages and shared strings;
 * the npm `xlsx` package is frozen at 0.18.5 with published CVEs (prototype pollution,
 * ReDoS), so the SheetJS 0.20.3 build republished as `@e965/xlsx` is used, which has the fixes.
 * Its XML handling is its own regex-based reader: no DTDs, no external entities.
 *
 * Each sheet becomes `## <sheet name>` with one GFM table of its used range (values as the
 * sheet formats them, so dates and percentages read as they do in the application), followed
 * by its cell comments. Chart sheets have no cells and are left out.
 */
import * as XLSX from '@e965/xlsx';
import * as codepages from '@e965/xlsx/dist/cpexcel.full.mjs';
import type { ConversionResult, Converter, ConvertInput, DocumentMetadata } from '../core/types.js';
import { spreadsheetDeclaration } from './spreadsheet.declaration.js';
import type JSZip from 'jszip';
import { AppError, ErrorCode, corruptDocument, encryptedDocument } from '../../errors.js';
import { markdownTable, trimGrid } from '../core/markdown-table.js';
import { sectionedResult, type Section } from '../core/result.js';
import { xlsxChartsBySheet } from './xlsx-charts.js';
import { openPackage, readPartBytes } from '../core/zip-xml.js';

XLSX.set_cptable(codepages);

/** Grids beyond this many cells are cut: a conversion is for reading and search, not export. */
const MAX_CELLS_PER_SHEET = 1_000_000;

const ENCRYPTED = /password|encrypt/i;

function readWorkbook(bytes: Uint8Array): XLSX.WorkBook {
  try {
    return XLSX.read(bytes, {
      type: 'array',
      dense: true,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
      bookVBA: false,
    });
  } catch (err) {
    if (ENCRYPTED.test(String((err as Error)?.message))) throw encryptedDocument();
    throw corruptDocument('The spreadsheet could not be read: it is damaged or incomplete', err);
  }
}

/** The formatted text of a cell, as the spreadsheet application would show it. */
function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.t === 'z') return '';
  if (cell.w !== undefined) return cell.w;
  if (cell.v instanceof Date) return cell.v.toISOString();
  return cell.v === undefined ? '' : String(cell.v);
}

/**
 * A merged cell reads as one value across its whole area, so every cell it covers gets the
 * value (SheetJS leaves them empty); otherwise a merged group header labels only one column.
 * A merge across the whole used width is a banner title, though, and stays one cell.
 */
function fillMerges(grid: string[][], merges: XLSX.Range[], used: XLSX.Range): void {
  const origin = used.s;
  for (const merge of merges) {
    if (merge.s.c <= used.s.c && merge.e.c >= used.e.c) continue;
    const value = grid[merge.s.r - origin.r]?.[merge.s.c - origin.c];
    if (!value) continue;
    for (let r = merge.s.r; r <= merge.e.r; r += 1) {
      const row = grid[r - origin.r];
      if (!row) continue;
      for (let c = merge.s.c; c <= merge.e.c; c += 1) {
        if (c - origin.c < row.length) row[c - origin.c] = value;
      }
    }
  }
}

interface SheetContent {
  grid: string[][];
  comments: string[];
}

function readSheet(sheet: XLSX.WorkSheet): SheetContent {
  const ref = sheet['!ref'];
  if (!ref) return { grid: [], comments: [] };
  const range = XLSX.utils.decode_range(ref);
  const width = range.e.c - range.s.c + 1;
  const lastRow = Math.min(range.e.r, range.s.r + Math.floor(MAX_CELLS_PER_SHEET / width));
  const dense = (sheet['!data'] ?? []) as Array<Array<XLSX.CellObject | undefined> | undefined>;
  const grid: string[][] = [];
  const comments: string[] = [];
  for (let r = range.s.r; r <= lastRow; r += 1) {
    const row: string[] = [];
    for (let c = range.s.c; c <= range.e.c; c += 1) {
      const cell = dense[r]?.[c];
      row.push(cellText(cell));
      for (const comment of cell?.c ?? []) {
        const text = comment.t.trim();
        if (text) comments.push(comment.a ? `[author: ${comment.a}]: ${text}` : text);
      }
    }
    grid.push(row);
  }
  fillMerges(grid, sheet['!merges'] ?? [], range);
  return { grid: trimGrid(grid), comments };
}

function sheetSection(name: string, content: SheetContent, charts: string[]): Section {
  const parts = [`## ${name.replace(/\s+/g, ' ').trim() || 'Sheet'}`];
  if (content.grid.length > 0) parts.push(markdownTable(content.grid));
  parts.push(...charts, ...content.comments);
  return { markdown: parts.join('\n\n') };
}

function isoDate(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function workbookMetadata(workbook: XLSX.WorkBook, sheetNames: string[]): DocumentMetadata {
  const props = (workbook.Props ?? {}) as XLSX.FullProperties;
  const entries: Array<[string, unknown]> = [
    ['title', props.Title?.trim()],
    ['subject', props.Subject?.trim()],
    ['authors', props.Author?.trim() ? [props.Author.trim()] : undefined],
    ['lastModifiedBy', props.LastAuthor?.trim()],
    ['created', isoDate(props.CreatedDate)],
    ['modified', isoDate(props.ModifiedDate)],
    ['producer', props.Application?.trim()],
    ['keywords', props.Keywords?.split(/\s*[,;]\s*/).filter(Boolean)],
    ['sheetNames', sheetNames],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined && value !== ''));
}

/** Pictures are never read, so they need not be inflated to be checked. */
const MEDIA = /\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp|bin)$/i;

/**
 * A ZIP-based workbook (XLSX, ODS), checked against the upload's limits: SheetJS inflates
 * every part it reads with no limit of its own, so each part is first inflated here under the
 * byte and ratio limits, and a bomb is refused (RESOURCE_LIMIT) before SheetJS sees it.
 * Null for compound-file (XLS) workbooks, which are not compressed.
 */
async function checkedPackage(input: ConvertInput): Promise<JSZip | null> {
  if (input.bytes[0] !== 0x50 || input.bytes[1] !== 0x4b) return null;
  const zip = await openPackage(input, 'The spreadsheet');
  for (const name of Object.keys(zip.files)) {
    if (!MEDIA.test(name)) await readPartBytes(zip, name);
  }
  return zip;
}

/** Charts by sheet, for OOXML workbooks (the only kind whose drawings are read). */
async function chartsOf(zip: JSZip | null): Promise<Map<string, string[]>> {
  if (!zip?.file('xl/workbook.xml')) return new Map();
  try {
    return await xlsxChartsBySheet(zip);
  } catch (err) {
    if (err instanceof AppError && err.code === ErrorCode.RESOURCE_LIMIT) throw err;
    // Charts are a bonus: a workbook whose drawings cannot be read still has its cells.
    return new Map();
  }
}

async function convertSpreadsheet(input: ConvertInput): Promise<ConversionResult> {
  const zip = await checkedPackage(input);
  const workbook = readWorkbook(input.bytes);
  const charts = await chartsOf(zip);
  const sections: Section[] = [];
  const names: string[] = [];
  for (const name of workbook.SheetNames) {
    input.signal?.throwIfAborted();
    const sheet = workbook.Sheets[name];
    const sheetCharts = charts.get(name) ?? [];
    // Chart sheets hold no cells: they are kept only for the charts read from their drawing.
    if (!sheet || (sheet['!type'] === 'chart' && sheetCharts.length === 0)) continue;
    names.push(name);
    const content = sheet['!type'] === 'chart' ? { grid: [], comments: [] } : readSheet(sheet);
    sections.push(sheetSection(name, content, sheetCharts));
    input.onProgress?.({ page: sections.length, pageCount: workbook.SheetNames.length });
  }
  const metadata = workbookMetadata(workbook, names);
  const result = sectionedResult(sections, { metadata });
  // A sheet name ("Sheet1") is no title: only the workbook's own property is.
  return { ...result, title: (metadata.title as string | undefined) ?? null };
}

export const spreadsheetConverter: Converter = { ...spreadsheetDeclaration, convert: convertSpreadsheet };
