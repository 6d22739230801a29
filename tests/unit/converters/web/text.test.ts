import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { textConverter } from '../../../../src/converters/web/text.converter.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { convertFile, hasCorpus } from '../corpus.js';

const convertBytes = (bytes: Uint8Array) => textConverter.convert({ bytes, mimeType: 'text/plain', options: defaultConvertOptions });

const GERMAN =
  'Über die Brücke gingen fünf Bären. Die Größe des Flusses überraschte sie, ' +
  'und sie mussten lange warten, bis das Wasser wieder fiel. Danach aßen sie Äpfel.';

describe('text converter', () => {
  it.each(['utf-8', 'windows-1252', 'iso-8859-15'])('decodes %s without a BOM', async (encoding) => {
    const result = await convertBytes(iconv.encode(GERMAN, encoding));
    expect(result.text).toBe(GERMAN);
    expect(result.language).toBe('de');
  });

  it('reads cp1252 curly quotes and dashes that latin1 would turn into control codes', async () => {
    const result = await convertBytes(iconv.encode('“Quoted” – and a euro sign: €5.', 'windows-1252'));
    expect(result.text).toBe('“Quoted” – and a euro sign: €5.');
  });

  it.each(['utf-16le', 'utf-16be'])('decodes %s with a BOM', async (encoding) => {
    const result = await convertBytes(iconv.encode(`\uFEFF${GERMAN}`, encoding));
    expect(result.text).toBe(GERMAN);
  });

  it('keeps paragraphs, normalises line endings and squeezes blank runs', async () => {
    const source = 'First line\r\nsame paragraph   \r\n\r\n\r\n\r\nSecond paragraph\r\n\r\n';
    const result = await convertBytes(new TextEncoder().encode(source));
    expect(result.markdown).toBe('First line\nsame paragraph\n\nSecond paragraph');
    expect(result.text).toBe(result.markdown);
  });

  it('does not read stray Markdown syntax in plain text', async () => {
    const result = await convertBytes(new TextEncoder().encode('# not a heading\n*not emphasis*'));
    expect(result.text).toBe('# not a heading\n*not emphasis*');
    expect(result.outline).toEqual([]);
  });

  it('returns the unpaged shape with no language for short text', async () => {
    const result = await convertBytes(new TextEncoder().encode('Hi.'));
    expect(result).toMatchObject({ pages: [], pageCount: null, title: null, language: null });
  });
});

describe.runIf(hasCorpus)('text converter on corpus files', () => {
  it('converts an e-mail saved as text', async () => {
    const result = await convertFile(textConverter, 'email/eml_simple.eml');
    expect(result.text.length).toBeGreaterThan(50);
    expect(result.language).toBe('en');
  });

  it('converts a text file that pretends to be an ODT', async () => {
    const result = await convertFile(textConverter, 'tika/testODTnotaZipFile.odt');
    expect(result.text).toBe('This is not a zip file!');
  });
});
