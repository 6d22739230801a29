import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import iconv from 'iconv-lite';
import { detectFormat } from '../../../../src/converters/registry.js';
import { corpusFile, hasCorpus } from '../corpus.js';

const HEAD = 64 * 1024;
const head = (relative: string) => corpusFile(relative).subarray(0, HEAD);
const text = (value: string) => new TextEncoder().encode(value);

describe.runIf(hasCorpus)('detectFormat on corpus files (first 64 KiB only)', () => {
  it.each([
    ['pdf/multi_page.pdf', 'application/pdf'],
    ['docx/word_sample.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['xlsx/xlsx_01.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['pptx/powerpoint_sample.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['epub/epub_purvis_poetry.epub', 'application/epub+zip'],
    ['ocr/qr_bill_example.jpg', 'image/jpeg'],
    ['tika/testTIFF_multipage.tif', 'image/tiff'],
    ['html/wiki_duck.html', 'text/html'],
    ['html/example_05.html', 'text/html'],
    ['hostile/testHTMLBadScript.html', 'text/html'],
    ['md/wiki.md', 'text/markdown'],
    ['csv/csv-comma.csv', 'text/csv'],
    ['email/eml_simple.eml', 'message/rfc822'],
    ['email/msg_simple.msg', 'application/vnd.ms-outlook'],
  ])('%s → %s', async (file, mimeType) => {
    const detected = await detectFormat(head(file), file.split('/').pop());
    expect(detected?.mimeType).toBe(mimeType);
  });

  it('ignores a lying extension: a PDF named .md is still a PDF', async () => {
    expect((await detectFormat(head('pdf/multi_page.pdf'), 'notes.md'))?.mimeType).toBe('application/pdf');
  });

  it('detects HTML from content whatever the name says', async () => {
    expect((await detectFormat(head('html/example_01.html'), 'page.txt'))?.mimeType).toBe('text/html');
  });

  it('detects a PNG (taken from a DOCX in the corpus) as image/png', async () => {
    const zip = await JSZip.loadAsync(corpusFile('docx/docx_vml_images.docx'));
    const png = await zip.file('word/media/image1.png')!.async('uint8array');
    expect(await detectFormat(png, 'picture.txt')).toEqual({ mimeType: 'image/png', extension: 'png' });
  });

  it('returns null for unknown binary data', async () => {
    expect(await detectFormat(head('hostile/testOneNote-fuzz1.one'), 'x.txt')).toBeNull();
  });

  it('reports a password-protected DOCX as the OLE container it really is', async () => {
    const detected = await detectFormat(head('hostile/testWORD_protected_passtika.docx'));
    expect(detected?.mimeType).toBe('application/x-cfb');
  });
});

describe('detectFormat on text without magic numbers', () => {
  it('treats unnamed text as text/plain and uses the extension only to pick a text flavour', async () => {
    expect((await detectFormat(text('Hello, world.\n')))?.mimeType).toBe('text/plain');
    expect((await detectFormat(text('# Title\n'), 'README.MD'))?.mimeType).toBe('text/markdown');
    expect((await detectFormat(text('a\tb\n1\t2\n'), 'data.tsv'))?.mimeType).toBe('text/tab-separated-values');
    expect((await detectFormat(text('{"a": 1}'), 'data.json'))?.mimeType).toBe('application/json');
  });

  it('sniffs HTML after a BOM, whitespace and comments, case-insensitively', async () => {
    const page = '\uFEFF\n  <!-- saved page -->\n<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN"><p>x';
    expect((await detectFormat(text(page), 'page.md'))?.mimeType).toBe('text/html');
    expect((await detectFormat(text('<BODY><p>hi</p></BODY>')))?.mimeType).toBe('text/html');
    expect((await detectFormat(text('Use <html> tags like this.')))?.mimeType).toBe('text/plain');
    const xhtml = '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>';
    expect((await detectFormat(text(xhtml)))?.mimeType).toBe('text/html');
    expect((await detectFormat(text('<?xml version="1.0"?><feed/>')))?.mimeType).toBe('application/xml');
  });

  it('accepts legacy encodings and UTF-16 with a BOM as text', async () => {
    const latin1 = iconv.encode('Grüße aus Köln, naïve café\n', 'windows-1252');
    expect((await detectFormat(latin1, 'notes.txt'))?.mimeType).toBe('text/plain');
    const utf16 = iconv.encode('\uFEFFHello in UTF-16', 'utf-16le');
    expect((await detectFormat(utf16))?.mimeType).toBe('text/plain');
  });

  it('tolerates a multi-byte character cut off at the end of the head', async () => {
    const bytes = text('naïve text ending in ü');
    expect((await detectFormat(bytes.subarray(0, bytes.length - 1)))?.mimeType).toBe('text/plain');
  });

  it('rejects binary data and empty input', async () => {
    expect(await detectFormat(new Uint8Array([0x00, 0x01, 0x02, 0x03, 0x41, 0x42]))).toBeNull();
    expect(await detectFormat(new Uint8Array(0))).toBeNull();
  });
});
