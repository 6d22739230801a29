import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/errors.js';
import { availableLanguages, terminateOcr } from '../../../../src/converters/image/ocr.js';
import { pdfConverter } from '../../../../src/converters/pdf/pdf.converter.js';
import { scoringTokens, tokenF1 } from '../../../../src/converters/quality/token-f1.js';
import type { ConversionResult, ConvertInput, OcrMode } from '../../../../src/converters/core/types.js';
import { corpusFile, corpusRoot, hasCorpus, referencedFiles } from '../corpus.js';
import { buildPdf, column, type TextOp } from './pdf-fixtures.js';

function convert(bytes: Uint8Array, ocr: OcrMode = 'OFF', extra: Partial<ConvertInput> = {}) {
  return pdfConverter.convert({
    bytes,
    mimeType: 'application/pdf',
    options: { ocr, languages: ['eng'] },
    ...extra,
  });
}

/** Rejects with the AppError code, or resolves to 'OK' when the conversion succeeds. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
}

/**
 * Each page's span holds exactly that page's words (Markdown only adds syntax), spans are in
 * order without overlap, and nothing but separators lies between them.
 */
function expectConsistentPages(result: ConversionResult) {
  expect(result.pages).toHaveLength(result.pageCount ?? -1);
  let last = 0;
  for (const page of result.pages) {
    expect(page.charStart).toBeGreaterThanOrEqual(last);
    expect(page.charEnd).toBeGreaterThanOrEqual(page.charStart);
    expect(result.markdown.slice(last, page.charStart).trim()).toBe('');
    const slice = result.markdown.slice(page.charStart, page.charEnd);
    expect(scoringTokens(slice)).toEqual(scoringTokens(page.text));
    if (page.text) expect(slice).toContain(page.text.split('\n')[0]!.slice(-30));
    last = page.charEnd;
  }
  expect(result.markdown.slice(last).trim()).toBe('');
}

const header = (n: number): TextOp[] => [
  { x: 72, y: 770, size: 8, text: 'ACME Corp - internal report' },
  { x: 300, y: 30, size: 8, text: String(n) },
];

/** Three pages: title, hyphenated paragraph, lists; two columns; running header and footer. */
const SAMPLE = buildPdf({
  info: "/Title (Quarterly Report) /Author (Ada Lovelace; Charles Babbage) /Keywords (alpha, beta) /CreationDate (D:20240102030405+01'00') /Producer (hand written)",
  pages: [
    [
      ...header(1),
      { x: 72, y: 700, size: 20, text: 'Quarterly Report' },
      ...column(72, 660, 11, 14, [
        'Revenue grew in every region this quarter and the consoli-',
        'dated result exceeded the plan by a comfortable margin.',
      ]),
      { x: 72, y: 610, size: 14, text: 'Highlights' },
      { x: 72, y: 585, size: 11, text: '• First highlight of the quarter' },
      { x: 72, y: 571, size: 11, text: '• Second highlight of the quarter' },
      { x: 72, y: 535, size: 11, text: 'Next steps', bold: true },
      { x: 72, y: 520, size: 11, text: 'A closing paragraph of plain body text follows here.' },
    ],
    [
      ...header(2),
      ...column(
        72,
        700,
        10,
        12,
        Array.from({ length: 8 }, (_, i) => `Left column sentence ${i + 1} sits here`),
      ),
      ...column(
        300,
        700,
        10,
        12,
        Array.from({ length: 8 }, (_, i) => `Right column sentence ${i + 1} sits here`),
      ),
    ],
    [...header(3), { x: 72, y: 700, size: 11, text: 'The last page has one line of text.' }],
  ],
});

describe('pdfConverter on generated PDFs', () => {
  it('rebuilds headings, paragraphs, hyphenation and lists', async () => {
    const result = await convert(SAMPLE);
    expect(result.markdown).toContain('# Quarterly Report');
    expect(result.markdown).toContain('consolidated result exceeded the plan');
    expect(result.markdown).toContain('## Highlights');
    expect(result.markdown).toContain('- First highlight of the quarter\n- Second highlight of the quarter');
    expect(result.markdown).toMatch(/#+ Next steps\n\nA closing paragraph/);
    expect(result.outline.map((h) => h.text)).toEqual(['Quarterly Report', 'Highlights', 'Next steps']);
    expectConsistentPages(result);
  });

  it('reads two columns one after the other', async () => {
    const { markdown } = await convert(SAMPLE);
    const lastLeft = markdown.indexOf('Left column sentence 8');
    const firstRight = markdown.indexOf('Right column sentence 1');
    expect(lastLeft).toBeGreaterThan(0);
    expect(firstRight).toBeGreaterThan(lastLeft);
    expect(markdown).not.toMatch(/Left column sentence \d sits here Right/);
  });

  it('drops running headers and page numbers', async () => {
    const result = await convert(SAMPLE);
    expect(result.markdown).not.toContain('ACME Corp');
    expect(result.pages.map((p) => p.text)).not.toContain('2');
  });

  it('reports metadata, title, language and page spans', async () => {
    const result = await convert(SAMPLE);
    expect(result.pageCount).toBe(3);
    expect(result.title).toBe('Quarterly Report');
    expect(result.language).toBe('en');
    expect(result.metadata).toMatchObject({
      title: 'Quarterly Report',
      authors: ['Ada Lovelace', 'Charles Babbage'],
      keywords: ['alpha', 'beta'],
      created: '2024-01-02T02:04:05.000Z',
      producer: 'hand written',
    });
    expect(result.pages.map((p) => [p.number, p.ocr])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    expect(result.markdown.slice(result.pages[2]!.charStart, result.pages[2]!.charEnd)).toBe('The last page has one line of text.');
  });

  it('reports progress after each page and stops when aborted', async () => {
    const seen: number[] = [];
    await convert(SAMPLE, 'OFF', { onProgress: ({ page, pageCount }) => seen.push(page * 10 + pageCount) });
    expect(seen).toEqual([13, 23, 33]);

    const controller = new AbortController();
    const aborted = convert(SAMPLE, 'OFF', {
      signal: controller.signal,
      onProgress: ({ page }) => page === 1 && controller.abort(),
    });
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    await expect(convert(SAMPLE, 'OFF', { signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it('leaves the caller’s bytes intact (PDFium works on its own copy)', async () => {
    const bytes = SAMPLE.slice();
    await convert(bytes);
    expect(bytes.byteLength).toBe(SAMPLE.byteLength);
    expect(Buffer.from(bytes).equals(Buffer.from(SAMPLE))).toBe(true);
  });

  it('refuses a PDF with a user password as ENCRYPTED_DOCUMENT', async () => {
    const locked = buildPdf({ pages: [[{ x: 72, y: 700, size: 12, text: 'secret' }]], encrypted: true });
    expect(await outcome(convert(locked))).toBe('ENCRYPTED_DOCUMENT');
  });

  it('maps empty, non-PDF and truncated input to CORRUPT_DOCUMENT or a partial result', async () => {
    expect(await outcome(convert(new Uint8Array()))).toBe('CORRUPT_DOCUMENT');
    expect(await outcome(convert(new TextEncoder().encode('definitely not a pdf')))).toBe('CORRUPT_DOCUMENT');
    const truncated = SAMPLE.slice(0, Math.floor(SAMPLE.length / 3));
    expect(['OK', 'CORRUPT_DOCUMENT']).toContain(await outcome(convert(truncated)));
  });
});

describe.skipIf(!hasCorpus)('pdfConverter on the corpus', () => {
  it('matches the reference conversions (token F1)', async () => {
    const scores: Record<string, number> = {};
    for (const file of referencedFiles('pdf')) {
      const result = await convert(corpusFile(file));
      const reference = readFileSync(path.join(corpusRoot, `${file}.expected.md`), 'utf8');
      scores[file] = tokenF1(result.markdown, reference).f1;
      expectConsistentPages(result);
    }
    const values = Object.values(scores);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    console.info('pdf token F1', mean.toFixed(3), scores);
    expect(mean).toBeGreaterThanOrEqual(0.9);
    for (const f1 of values) expect(f1).toBeGreaterThanOrEqual(0.7);
  });

  it('keeps lists, headings and metadata of multi_page.pdf', async () => {
    const result = await convert(corpusFile('pdf/multi_page.pdf'));
    expect(result.pageCount).toBe(5);
    expect(result.title).toBe('The Evolution of the Word Processor');
    expect(result.markdown).toContain('- IBM MT/ST (Magnetic Tape/Selectric Typewriter): Introduced in 1964, this machine combined');
    expect(result.outline.map((h) => h.text)).toContain('Pre-Digital Era (19th - Early 20th Century)');
    expect(result.metadata.producer).toMatch(/Quartz/);
    expect(result.metadata.created).toBe('2025-01-24T13:59:15.000Z');
  });

  it('finds bold headings set at body size, from the font names PDFium reports', async () => {
    // SFBX1000 (TeX bold) on SFRM1000 body text: only the font names tell these headings apart.
    const result = await convert(corpusFile('pdf/2305.03393v1-pg9.pdf'));
    expect(result.markdown).toContain('# 5.1 Hyper Parameter Optimization\n\n');
    expect(result.outline.map((h) => h.text)).toEqual(['5.1 Hyper Parameter Optimization', '5.2 Quantitative Results']);
  });

  it('reads two-column pages column by column', async () => {
    const korean = (await convert(corpusFile('pdf/normal_4pages.pdf'))).markdown;
    expect(korean.indexOf('진자는 9,661명')).toBeLessThan(korean.indexOf('이슈가 될 것으로 판단된다'));
    expect(korean).toContain('# 코로나-19 관련 보험약관상 재해보험금 지급문제 및 개선과제');
    const handbook = (await convert(corpusFile('pdf/amt_handbook_sample.pdf'))).markdown;
    expect(handbook).toContain('pulleys, provided the inner race of the bearing is clamped to the supporting');
    expect(handbook.indexOf('rotation or misalignment')).toBeLessThan(handbook.indexOf('the most common ranges'));
  });

  it('orders right-to-left lines from the right', async () => {
    const result = await convert(corpusFile('pdf/right_to_left_01.pdf'));
    expect(result.language).toBe('ar');
    expect(result.markdown).toContain('تعتبر البرمجة بلغة R و Python من الأدوات القوية');
  });

  it('opens a PDF with an owner password only', async () => {
    const result = await convert(corpusFile('hostile/testPDF_protected.pdf'));
    expect(result.markdown).toContain('RETHINKING THE FINANCIAL NETWORK');
  });

  const hostile = hasCorpus ? readdirSync(path.join(corpusRoot, 'hostile')).filter((name) => name.endsWith('.pdf')) : [];
  it.each(hostile)('handles hostile/%s with a result or a clear error, in bounded time', async (name) => {
    const limit = new Promise<string>((resolve) => setTimeout(() => resolve('TIMED OUT'), 30_000).unref());
    const result = await Promise.race([outcome(convert(corpusFile(`hostile/${name}`), 'OFF')), limit]);
    expect(['OK', 'ENCRYPTED_DOCUMENT', 'CORRUPT_DOCUMENT']).toContain(result);
  });
});

describe.skipIf(!hasCorpus)('pdfConverter with OCR', () => {
  afterAll(() => terminateOcr());

  const expected = () => readFileSync(path.join(corpusRoot, 'ocr/ocr_test.pdf.expected.md'), 'utf8');

  it('OCRs a scanned page when the text layer is missing (AUTO)', async () => {
    const result = await convert(corpusFile('ocr/ocr_test.pdf'), 'AUTO');
    expect(result.pages[0]?.ocr).toBe(true);
    expect(result.markdown).toContain('Docling bundles PDF document conversion');
    expect(tokenF1(result.markdown, expected()).f1).toBeGreaterThanOrEqual(0.9);
    expectConsistentPages(result);
  });

  it('leaves scans empty when OCR is off', async () => {
    const result = await convert(corpusFile('ocr/ocr_test.pdf'), 'OFF');
    expect(result.pages[0]).toMatchObject({ ocr: false, text: '' });
  });

  it('turns an upside-down scan to read it', async () => {
    const result = await convert(corpusFile('ocr/ocr_test_rotated_180.pdf'), 'AUTO');
    expect(tokenF1(result.markdown, expected()).f1).toBeGreaterThanOrEqual(0.9);
  });

  it('loads several languages side by side, and only installed ones', async () => {
    expect(availableLanguages(['deu', 'xxx', '../eng', 'eng'])).toEqual(['deu', 'eng']);
    expect(availableLanguages(['klingon'])).toEqual(['eng']);
    const result = await pdfConverter.convert({
      bytes: corpusFile('ocr/ocr_test.pdf'),
      mimeType: 'application/pdf',
      options: { ocr: 'AUTO', languages: ['eng', 'deu'] },
    });
    expect(tokenF1(result.markdown, expected()).f1).toBeGreaterThanOrEqual(0.9);
  });

  it('OCRs pages with a text layer too when forced', async () => {
    const result = await convert(SAMPLE.slice(), 'FORCE');
    expect(result.pages.every((p) => p.ocr)).toBe(true);
    expect(result.markdown).toContain('Quarterly Report');
  });
});
