import { describe, expect, it } from 'vitest';
import { ocrParagraphs } from '../../../../src/converters/pdf/pdf.converter.js';
import { buildParagraphs, joinLines, matchMarker, type Paragraph } from '../../../../src/converters/pdf/blocks.js';
import { isEmphasisFontName } from '../../../../src/converters/pdf/fonts.js';
import { dedupeRuns } from '../../../../src/converters/pdf/dedupe.js';
import { buildLines, fixLamAlef, type Run } from '../../../../src/converters/pdf/lines.js';
import { cleanTitle, pdfDate } from '../../../../src/converters/pdf/load.js';
import { escapeBlockStart, renderPages, type PageLayout } from '../../../../src/converters/pdf/markdown.js';
import { readingOrder, type Box } from '../../../../src/converters/pdf/reading-order.js';

/** A run of text whose width is estimated at half the font size per character. */
function run(text: string, x0: number, baseline: number, size = 10, emphasized = false): Run {
  return { text, x0, x1: x0 + text.length * size * 0.5, baseline, size, emphasized };
}

function para(text: string, top: number, extra: Partial<Paragraph> = {}): Paragraph {
  return { text, size: 10, emphasized: false, lineCount: 1, top, bottom: top + 10, x0: 72, x1: 500, ...extra };
}

const page = (paragraphs: Paragraph[], ocr = false): PageLayout => ({ width: 612, height: 792, paragraphs, ocr });

describe('buildLines', () => {
  it('keeps superscripts on their line and orders runs by x', () => {
    const lines = buildLines([run('world', 60, 100), run('1', 86, 96, 6), run('hello', 30, 100)]);
    expect(lines.map((l) => l.text)).toEqual(['hello world 1']);
    expect(lines[0]!.size).toBe(10);
  });

  it('splits a row at a gap far wider than a word space', () => {
    const lines = buildLines([run('left side', 0, 100), run('right side', 300, 100)]);
    expect(lines.map((l) => l.text)).toEqual(['left side', 'right side']);
  });

  it('splits at a narrow gutter when the rows around it share it', () => {
    const rows = [100, 112, 124, 136].flatMap((y) => [run('aaaaaaaaaaaa', 0, y), run('bbbbbbbbbbbb', 70, y)]);
    // 60pt of text, then a 10pt gap (one font size): too narrow alone, but aligned on four rows.
    expect(buildLines(rows).map((l) => l.text)).toEqual(Array(4).fill(['aaaaaaaaaaaa', 'bbbbbbbbbbbb']).flat());
    expect(buildLines(rows.slice(0, 2)).map((l) => l.text)).toEqual(['aaaaaaaaaaaa bbbbbbbbbbbb']);
  });

  it('reads right-to-left runs from the right and spaces Latin words apart', () => {
    const lines = buildLines([run('Python', 100, 100), run('تعتبر البرمجة بلغة', 131, 100)]);
    expect(lines[0]).toMatchObject({ text: 'تعتبر البرمجة بلغة Python', rtl: true });
  });

  it('turns a lone unmapped glyph before text into a bullet', () => {
    expect(buildLines([run('\u0084', 0, 100), run('Item text here', 12, 100)])[0]!.text).toBe('• Item text here');
  });
});

describe('tables', () => {
  const grid = [
    ['Fruit', 'Qty', 'Price'],
    ['Apple', '3', '1.20'],
    ['Pear', '10', '0.80'],
  ];
  const runs = grid.flatMap((row, r) => row.map((cell, c) => run(cell, 72 + c * 100, 100 + r * 14)));

  it('keeps rows of short cells whole and renders them as a Markdown table', () => {
    const lines = buildLines(runs);
    expect(lines.map((l) => l.cells?.map((c) => c.text))).toEqual(grid);
    const [out] = renderPages([page(buildParagraphs(lines, false))]);
    expect(out!.markdown).toBe('| Fruit | Qty | Price |\n| --- | --- | --- |\n| Apple | 3 | 1.20 |\n| Pear | 10 | 0.80 |');
    expect(out!.text).toBe('Fruit\tQty\tPrice\nApple\t3\t1.20\nPear\t10\t0.80');
  });

  it('does not take two columns of prose for a table', () => {
    const prose = [0, 1, 2, 3].flatMap((r) => [
      run(`left column line ${r} with enough words`, 72, 100 + r * 12),
      run(`right column line ${r} with enough words`, 320, 100 + r * 12),
    ]);
    expect(buildLines(prose).every((l) => !l.cells)).toBe(true);
  });
});

describe('dedupeRuns', () => {
  it('drops shadow copies and fragments drawn under a full line', () => {
    const full = run('Specifies that the row permission', 10, 100);
    const kept = dedupeRuns([run('ifi', 20, 100), full, run('Specifies that the row permission', 10.5, 100.5)]);
    expect(kept).toEqual([full]);
  });
});

describe('text helpers', () => {
  it('recognises list markers but not decimals or prose', () => {
    expect(matchMarker('• First')).toMatchObject({ marker: '•', rest: 'First' });
    expect(matchMarker('12. Twelfth')).toMatchObject({ marker: '12.', number: 12, rest: 'Twelfth' });
    expect(matchMarker('(b) Second')).toMatchObject({ marker: '(b)', rest: 'Second' });
    expect(matchMarker('5.1 Results')).toBeNull();
    expect(matchMarker('e.g. this')).toBeNull();
    expect(matchMarker('- 5')).toBeNull();
  });

  it('rejoins hyphenated words and keeps real hyphens', () => {
    expect(joinLines('the consoli-', 'dated result')).toBe('the consolidated result');
    expect(joinLines('in the mid-', '1990s')).toBe('in the mid-1990s');
    expect(joinLines('ends here', 'next line')).toBe('ends here next line');
    expect(joinLines('中文', '文本')).toBe('中文文本');
  });

  it('repairs word-initial lam-alef swapped by Word exports', () => {
    expect(fixLamAlef('تعزز اإلنتاجية واألدوات')).toBe('تعزز الإنتاجية والأدوات');
    expect(fixLamAlef('البرمجة')).toBe('البرمجة');
  });

  it('escapes text that would read as Markdown syntax', () => {
    expect(escapeBlockStart('# 1 in sales')).toBe('\\# 1 in sales');
    expect(escapeBlockStart('1. not a list')).toBe('1\\. not a list');
    expect(escapeBlockStart('a <b> tag')).toBe('a \\<b> tag');
  });

  it('recognises emphasis from font names', () => {
    for (const name of ['ABCDEF+TimesNewRomanPS-BoldMT', 'CMBX12', 'MyriadBd', 'Times-Italic', 'HelveticaNeueLTPro-Md']) {
      expect(isEmphasisFontName(name), name).toBe(true);
    }
    for (const name of ['TimesNewRomanPSMT', 'CMR10', 'Helvetica', 'SymbolMT']) {
      expect(isEmphasisFontName(name), name).toBe(false);
    }
  });

  it('drops placeholder titles and parses PDF dates', () => {
    expect(cleanTitle('Microsoft Word - Annual report 2023')).toBe('Annual report 2023');
    expect(cleanTitle('report_final.docx')).toBeUndefined();
    expect(cleanTitle('PowerPoint Presentation')).toBeUndefined();
    expect(pdfDate("D:20200331180255+09'00'")).toBe('2020-03-31T09:02:55.000Z');
    expect(pdfDate('20240102')).toBe('2024-01-02T00:00:00.000Z');
    expect(pdfDate('garbage')).toBeUndefined();
  });
});

describe('readingOrder', () => {
  const box = (name: string, x0: number, x1: number, top: number, bottom: number) => ({ name, x0, x1, top, bottom, size: 10 });
  const names = (boxes: (Box & { name: string })[]) => readingOrder(boxes, false).map((b) => b.name);

  it('reads a titled two-column page column by column', () => {
    const boxes = [
      box('R1', 310, 540, 100, 300),
      box('L2', 72, 300, 320, 600),
      box('title', 72, 540, 40, 70),
      box('L1', 72, 300, 100, 300),
      box('R2', 310, 540, 320, 600),
      box('footer', 72, 540, 700, 710),
    ];
    expect(names(boxes)).toEqual(['title', 'L1', 'L2', 'R1', 'R2', 'footer']);
  });

  it('puts a heading under a table after all of the table', () => {
    const boxes = [box('col1', 72, 120, 100, 200), box('col2', 140, 200, 100, 200), box('heading', 72, 130, 240, 250)];
    expect(names(boxes)).toEqual(['col1', 'col2', 'heading']);
  });
});

describe('renderPages', () => {
  it('ranks headings by size and needs body text under emphasized ones', () => {
    const [out] = renderPages([
      page([
        para('Report title', 50, { size: 20 }),
        para('Section', 80, { size: 14 }),
        para('Bold lead line', 110, { emphasized: true }),
        para('Body text that follows the bold line directly below it, long enough to be body.', 122),
        para('Bold table header', 200, { emphasized: true }),
        para('Bold cell', 212, { emphasized: true }),
      ]),
    ]);
    expect(out!.markdown).toBe(
      '# Report title\n\n## Section\n\n### Bold lead line\n\n' +
        'Body text that follows the bold line directly below it, long enough to be body.\n\n' +
        'Bold table header\n\nBold cell',
    );
    expect(out!.headings).toEqual([
      { level: 1, text: 'Report title' },
      { level: 2, text: 'Section' },
      { level: 3, text: 'Bold lead line' },
    ]);
  });

  it('nests list items by marker position and keeps numbers', () => {
    const [out] = renderPages([
      page([
        para('Top', 100, { list: { marker: '1.', number: 1, start: 72 } }),
        para('Inner', 112, { list: { marker: '•', start: 90 } }),
        para('Next', 124, { list: { marker: '2.', number: 2, start: 72 } }),
        para('style', 136, { list: { marker: '(a)', start: 72 } }),
      ]),
    ]);
    expect(out!.markdown).toBe('1. Top\n   - Inner\n2. Next\n- (a) style');
  });

  it('drops headers repeated across pages and page numbers, never body text', () => {
    const pages = [1, 2, 3].map((n) => page([para('Company confidential', 20), para(`Body of page ${n}.`, 300), para(`- ${n} -`, 760)]));
    expect(renderPages(pages).map((p) => p.markdown)).toEqual(['Body of page 1.', 'Body of page 2.', 'Body of page 3.']);
  });

  it('renders OCR text as plain paragraphs', () => {
    const paragraphs = ocrParagraphs('A scanned head-\nline of text\n\n• an item\nwrapped\n', 792);
    const [out] = renderPages([page(paragraphs, true)]);
    expect(out!.markdown).toBe('A scanned headline of text\n\n- an item wrapped');
  });
});
