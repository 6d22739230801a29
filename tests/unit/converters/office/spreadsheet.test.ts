import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { csvConverter } from '../../../../src/converters/web/csv.converter.js';
import { detectFormat } from '../../../../src/converters/registry.js';
import { convert } from '../../../../src/converters/registry.js';
import { spreadsheetConverter } from '../../../../src/converters/office/spreadsheet.converter.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { convertFile, corpusFile, hasCorpus } from '../corpus.js';

const csv = (bytes: Uint8Array, mimeType = 'text/csv') => csvConverter.convert({ bytes, mimeType, options: defaultConvertOptions });

describe('CSV and TSV', () => {
  it('detects a latin1 file with semicolons and decodes its umlauts', async () => {
    const bytes = iconv.encode('Name;Stadt;Betrag\nJürgen;München;12,50\nRené;Zürich;3,00\n', 'latin1');
    const result = await csv(bytes);
    expect(result.metadata).toMatchObject({ delimiter: ';', rowCount: 3 });
    expect(result.markdown).toContain('| Jürgen | München | 12,50 |');
    expect(result.markdown.split('\n')[0]).toBe('| Name | Stadt | Betrag |');
    expect(result.pageCount).toBe(1);
  });

  it('decodes Shift_JIS (cp932) exports', async () => {
    const rows = ['氏名,住所,電話番号,備考'];
    for (let i = 0; i < 30; i += 1) rows.push(`山田太郎${i},東京都新宿区西新宿${i}丁目,03-1234-${i},特になし`);
    const result = await csv(iconv.encode(rows.join('\r\n'), 'cp932'));
    expect(result.metadata.encoding).toBe('shift_jis');
    expect(result.markdown).toContain('| 山田太郎0 | 東京都新宿区西新宿0丁目 |');
    expect(result.language).toBe('ja');
  });

  it('keeps quoted delimiters and line breaks inside one cell, and escapes pipes', async () => {
    const result = await csv(new TextEncoder().encode('a,b\n"x, y","line 1\nline 2"\nc|d,e\n'));
    expect(result.markdown).toContain('| x, y | line 1<br>line 2 |');
    expect(result.markdown).toContain('| c\\|d | e |');
    expect(result.text).toContain('line 1 line 2');
  });

  it('splits a TSV on tabs even when commas are more frequent', async () => {
    const result = await csv(new TextEncoder().encode('a, b\tc, d\n1, 2\t3, 4\n'), 'text/tab-separated-values');
    expect(result.markdown.split('\n')[0]).toBe('| a, b | c, d |');
  });

  it('pads ragged rows to the widest row', async () => {
    const result = await csv(new TextEncoder().encode('1,2,3\na,b,c,d\n'));
    expect(result.markdown.split('\n')[0]).toBe('| 1 | 2 | 3 |  |');
  });

  it('is detected from the bytes plus the .csv or .tsv name', async () => {
    const bytes = new TextEncoder().encode('a,b\n1,2\n');
    expect((await detectFormat(bytes, 'x.csv'))?.mimeType).toBe('text/csv');
    expect((await detectFormat(bytes, 'x.tsv'))?.mimeType).toBe('text/tab-separated-values');
  });

  it('sniffs delimited data in a file without a telling name, but leaves prose and .txt alone', async () => {
    const encode = (value: string) => new TextEncoder().encode(value);
    const table = 'id;name;city\n1;Ana;Porto\n2;Bo;Oslo\n3;Cy;Rome\n';
    expect((await detectFormat(encode(table)))?.mimeType).toBe('text/csv');
    expect((await detectFormat(encode(table.replace(/;/g, '\t')), 'export.dat'))?.mimeType).toBe('text/tab-separated-values');
    expect((await detectFormat(encode(table), 'notes.txt'))?.mimeType).toBe('text/plain');
    const prose = 'Dear Ana,\nthanks for the notes, they helped.\nSee you soon, and say hi to Bo.\nCy\n';
    expect((await detectFormat(encode(prose)))?.mimeType).toBe('text/plain');
  });
});

describe.runIf(hasCorpus)('XLSX, XLS and ODS', () => {
  it('gives one section, page and outline heading per sheet, with workbook metadata', async () => {
    const result = await convertFile(spreadsheetConverter, 'xlsx/xlsx_01.xlsx');
    expect(result.pageCount).toBe(4);
    expect(result.outline).toEqual(['Sheet1', 'Sheet2', 'Sheet3', 'Sheet4'].map((text) => ({ level: 2, text })));
    expect(result.pages).toHaveLength(4);
    const second = result.pages[1]!;
    expect(result.markdown.slice(second.charStart, second.charEnd)).toMatch(/^## Sheet2\n\n\| col-1 \| col-2/);
    expect(result.metadata).toMatchObject({ authors: ['Peter Staar'], created: '2024-11-16T05:17:41.000Z' });
    // A sheet name is not a document title.
    expect(result.title).toBeNull();
  });

  it('repeats a merged cell over its area, but not a title banner across the whole sheet', async () => {
    const merged = await convertFile(spreadsheetConverter, 'xlsx/xlsx_01.xlsx');
    expect(merged.markdown).toContain('| first | header | header |');
    const banner = await convertFile(spreadsheetConverter, 'xlsx/xlsx_09_section_label_header.xlsx');
    expect(banner.markdown).toContain('| Reading List |  |');
  });

  it('renders charts (chart sheets included) from their cached data', async () => {
    const result = await convertFile(spreadsheetConverter, 'xlsx/xlsx_03_chartsheet.xlsx');
    expect(result.outline.map((entry) => entry.text)).toEqual(['Duck Observations', 'Duck Chart']);
    expect(result.markdown).toContain('Wild Duck Observations by Year');
    expect(result.markdown).toContain('|  | Freshwater Ducks | Saltwater Ducks |');
    expect(result.markdown).toContain('| 2024 | 180 | 130 |');
  });

  it('keeps cell comments with their authors', async () => {
    const result = await convertFile(spreadsheetConverter, 'xlsx/xlsx_comments.xlsx');
    expect(result.markdown).toContain('[author: John Reviewer]: Why Python specifically?');
  });

  it('reads a legacy XLS handed over as a bare compound file, with its properties', async () => {
    const result = await convert({
      bytes: corpusFile('xls/legacy_sample.xls'),
      mimeType: 'application/x-cfb',
      options: defaultConvertOptions,
    });
    expect(result.markdown).toContain('| 2024 | 180 |');
    expect(result.title).toBe('Wild Duck Observations');
    expect(result.metadata.producer).toBe('Microsoft Macintosh Excel');
  });

  it('reads ODS sheets', async () => {
    const result = await convertFile(spreadsheetConverter, 'odf/odf_table_with_title_01.ods');
    expect(result.markdown).toMatch(/^## Sheet1\n\n\| Number of freshwater ducks per year \|/);
    expect(result.markdown).toContain('| 2019 | 120 |');
  });

  it('reports a password-protected workbook as encrypted and a truncated one as corrupt', async () => {
    await expect(
      convert({
        bytes: corpusFile('hostile/testEXCEL_protected_passtika.xlsx'),
        mimeType: 'application/x-cfb',
        options: defaultConvertOptions,
      }),
    ).rejects.toMatchObject({ code: 'ENCRYPTED_DOCUMENT' });
    await expect(
      spreadsheetConverter.convert({
        bytes: corpusFile('xlsx/xlsx_01.xlsx').subarray(0, 5000),
        mimeType: spreadsheetConverter.mimeTypes[0]!,
        options: defaultConvertOptions,
      }),
    ).rejects.toMatchObject({ code: 'CORRUPT_DOCUMENT' });
  });

  it('refuses a workbook that inflates like a bomb before the spreadsheet reader sees it', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/workbook.xml', '<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>');
    zip.file('xl/worksheets/sheet1.xml', `<worksheet><sheetData>${'<row/>'.repeat(1_000_000)}</sheetData></worksheet>`);
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    await expect(
      spreadsheetConverter.convert({ bytes, mimeType: spreadsheetConverter.mimeTypes[0]!, options: defaultConvertOptions }),
    ).rejects.toMatchObject({ code: 'RESOURCE_LIMIT' });
  });
});
