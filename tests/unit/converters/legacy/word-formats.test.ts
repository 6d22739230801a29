import { describe, expect, it } from 'vitest';
import { docConverter } from '../../../../src/converters/legacy/doc.converter.js';
import { odfConverter } from '../../../../src/converters/office/odf.converter.js';
import { convert } from '../../../../src/converters/registry.js';
import { rtfConverter } from '../../../../src/converters/legacy/rtf.converter.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { convertFile, corpusFile, hasCorpus } from '../corpus.js';

const rtf = (source: string | Uint8Array) =>
  rtfConverter.convert({
    bytes: typeof source === 'string' ? Buffer.from(source, 'latin1') : source,
    mimeType: 'application/rtf',
    options: defaultConvertOptions,
  });

describe('RTF', () => {
  const document = String.raw`{\rtf1\ansi\ansicpg1252\deff0
{\fonttbl{\f0\froman\fcharset0 Times;}{\f1\fnil\fcharset128 MS Mincho;}}
{\stylesheet{\s0 Normal;}{\s1\outlinelevel0 heading 1;}{\s2 heading 2;}}
{\info{\title Quarterly report}{\author Ana Lopes}{\creatim\yr2024\mo3\dy5\hr9\min30}}
{\s1 Results\par}
{\s2 Caf\'e9 sales\par}
\pard Plain text with {\b bold} words and a smile \u9786?.\par
{\listtext 1.\tab}First item\par
{\listtext 2.\tab}Second item\par
{\pict\pngblip\bin4 ABCD}\par
\trowd\cellx1000\cellx2000\intbl Name\cell Qty\cell\row
\trowd\cellx1000\cellx2000\intbl Pens\cell 12\cell\row
\trowd\cellx1000\cellx2000\intbl Ink\par blue\cell 3\cell\row
\pard {\f1 \'93\'fa\'96\'7b}\par
{\*\fldinst HYPERLINK "https://example.com"}{\fldrslt link text}\par
}`;

  it('turns styles into headings, list text into items, \\cell and \\row into a table', async () => {
    const result = await rtf(document);
    expect(result.outline).toEqual([
      { level: 1, text: 'Results' },
      { level: 2, text: 'Café sales' },
    ]);
    expect(result.markdown).toContain('1. First item\n2. Second item');
    expect(result.markdown).toContain('| Name | Qty |\n| --- | --- |\n| Pens | 12 |\n| Ink blue | 3 |');
  });

  it('decodes \\u with its fallback skipped, code-page bytes per font, and skips \\bin data', async () => {
    const result = await rtf(document);
    expect(result.text).toContain('a smile \u263a.');
    expect(result.text).toContain('日本');
    expect(result.text).toContain('[Image]');
    expect(result.text).not.toContain('ABCD');
    expect(result.text).toContain('link text');
    expect(result.text).not.toContain('HYPERLINK');
  });

  it('reads \\info into metadata and the title', async () => {
    const result = await rtf(document);
    expect(result.title).toBe('Quarterly report');
    expect(result.metadata).toMatchObject({ authors: ['Ana Lopes'], created: '2024-03-05T09:30:00.000Z' });
  });

  it('rejects bytes that are not RTF, and groups nested without end, as corrupt', async () => {
    await expect(rtf('hello')).rejects.toMatchObject({ code: 'CORRUPT_DOCUMENT' });
    await expect(rtf(`{\\rtf1 ${'{'.repeat(100_000)}`)).rejects.toMatchObject({ code: 'CORRUPT_DOCUMENT' });
  });

  it.runIf(hasCorpus)('reads Japanese (cp932) and Czech (cp1250) files from the corpus', async () => {
    expect((await convertFile(rtfConverter, 'tika/testRTF-ms932.rtf')).text).toContain('こんにちは');
    expect((await convertFile(rtfConverter, 'tika/testRTFWindowsCodepage1250.rtf')).text).toContain('zażółć gęślą jaźń');
    expect((await convertFile(rtfConverter, 'tika/testRTFTableCellSeparation.rtf')).markdown).toContain('| ä | ë |');
  });
});

describe.runIf(hasCorpus)('ODT', () => {
  it('keeps headings, the Title style, nested lists, footnote-free text and metadata', async () => {
    const result = await convertFile(odfConverter, 'odf/text_document_01.odt');
    expect(result.outline.slice(0, 4)).toEqual([
      { level: 1, text: 'Title' },
      { level: 2, text: 'Subtitle' },
      { level: 1, text: 'heading level 1.0' },
      { level: 2, text: 'Heading level 2: A' },
    ]);
    expect(result.markdown).toContain('1. numbered list 1\n2. numbered list 2');
    expect(result.markdown).toContain('    - bullet list 2.1');
    expect(result.metadata.producer).toMatch(/^LibreOffice/);
  });

  it('fills merged table cells and renders embedded charts from their own tables', async () => {
    const result = await convertFile(odfConverter, 'odf/text_document_02.odt');
    expect(result.markdown).toContain('| Merged row | Merged row | Cell 1.3 |');
    expect(result.markdown).toContain('| Row 1 | 9.1 | 3.2 | 4.54 |');
  });

  it('reports an encrypted ODT as encrypted, and a file that is not a ZIP as corrupt', async () => {
    await expect(convertFile(odfConverter, 'hostile/testODTEncrypted.odt')).rejects.toMatchObject({ code: 'ENCRYPTED_DOCUMENT' });
    await expect(convertFile(odfConverter, 'tika/testODTnotaZipFile.odt')).rejects.toMatchObject({ code: 'CORRUPT_DOCUMENT' });
  });
});

describe.runIf(hasCorpus)('DOC (legacy binary Word)', () => {
  it('is routed from a bare compound file and keeps tables and properties', async () => {
    const result = await convert({
      bytes: corpusFile('doc/legacy_sample.doc'),
      mimeType: 'application/x-cfb',
      options: defaultConvertOptions,
    });
    expect(result.markdown).toContain('|  | Food | Calories per portion |');
    expect(result.markdown).toContain('| Berries | Blueberry, Strawberry, Cranberry | 150 |');
    expect(result.markdown).toContain('Let’s swim!');
    expect(result.metadata).toMatchObject({ authors: ['Christoph Auer'], producer: 'Microsoft Office Word' });
    expect(result.language).toBe('en');
  });

  it('takes headings from paragraph styles: built-in ones, and localised ones by outline level', async () => {
    const legacy = await convertFile(docConverter, 'doc/legacy_sample.doc');
    expect(legacy.outline).toEqual([
      { level: 1, text: 'Swimming in the lake' },
      { level: 1, text: 'Let’s swim!' },
      { level: 2, text: 'Let’s eat' },
    ]);
    const localised = await convertFile(docConverter, 'doc/greek_heading_styles.doc');
    expect(localised.outline.map((entry) => entry.level)).toEqual([1, 2, 2, 2]);
    expect(localised.outline[1]?.text).toBe('Problem mit lokalisierten Dokumenten');
  });

  it('reads non-English text and reports a truncated file as corrupt', async () => {
    const result = await convertFile(docConverter, 'doc/greek_heading_styles.doc');
    expect(result.text).toContain('Überschriften in nicht');
    const bytes = corpusFile('doc/legacy_sample.doc').subarray(0, 30_000);
    await expect(docConverter.convert({ bytes, mimeType: 'application/msword', options: defaultConvertOptions })).rejects.toMatchObject({
      code: 'CORRUPT_DOCUMENT',
    });
  });
});
