import { readdirSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { epubConverter } from '../../../../src/converters/containers/epub.converter.js';
import { detectFormat } from '../../../../src/converters/registry.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { AppError } from '../../../../src/errors.js';
import { convertDetected, convertFile, corpusFile, corpusRoot, folderF1, hasCorpus } from '../corpus.js';

const OPF = `<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:title>Two Chapters</dc:title><dc:creator>Ann Author</dc:creator><dc:creator>Bo Writer</dc:creator>
    <dc:date>2020-02-02</dc:date><dc:language>de-DE</dc:language>
  </metadata>
  <manifest>
    <item id="c1" href="Text/one%20a.xhtml" media-type="application/xhtml+xml"/>
    <item id="c2" href="Text/two.xhtml" media-type="application/xhtml+xml"/>
    <item id="css" href="style.css" media-type="text/css"/>
  </manifest>
  <spine><itemref idref="c2"/><itemref idref="css"/><itemref idref="c1"/></spine>
</package>`;

const chapter = (title: string, body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${title}</title></head><body><h2>${title}</h2><p>${body}</p></body></html>`;

async function bookZip(encryptedChapter = false): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE' });
  zip.file(
    'META-INF/container.xml',
    `<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`,
  );
  if (encryptedChapter) {
    zip.file(
      'META-INF/encryption.xml',
      `<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:CipherData><enc:CipherReference URI="OEBPS/Text/two.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>`,
    );
  }
  zip.file('OEBPS/content.opf', OPF);
  zip.file('OEBPS/Text/one a.xhtml', chapter('Erstes Kapitel', 'Der Anfang der Geschichte.'));
  zip.file('OEBPS/Text/two.xhtml', chapter('Zweites Kapitel', 'Das Ende der Geschichte.'));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

describe('EPUB', () => {
  it('puts chapters in spine order and reads title, creators, date and language from the OPF', async () => {
    const bytes = await bookZip();
    expect((await detectFormat(bytes.subarray(0, 65536)))?.mimeType).toBe('application/epub+zip');
    const result = await epubConverter.convert({ bytes, mimeType: 'application/epub+zip', options: defaultConvertOptions });
    expect(result.markdown).toBe(
      '# Two Chapters\n\nBy Ann Author, Bo Writer\n\nLanguage: de-DE\n\n' +
        '## Zweites Kapitel\n\nDas Ende der Geschichte.\n\n## Erstes Kapitel\n\nDer Anfang der Geschichte.',
    );
    expect(result.title).toBe('Two Chapters');
    expect(result.metadata.authors).toEqual(['Ann Author', 'Bo Writer']);
    expect(result.metadata.created).toBe('2020-02-02');
    expect(result.language).toBe('de');
  });

  it('refuses a book whose chapters are encrypted (DRM) with ENCRYPTED_DOCUMENT', async () => {
    const err = await epubConverter
      .convert({ bytes: await bookZip(true), mimeType: 'application/epub+zip', options: defaultConvertOptions })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('ENCRYPTED_DOCUMENT');
  });

  it.skipIf(!hasCorpus)('puts a real book’s title, authors, description and language at the top', async () => {
    const result = await convertDetected(corpusFile('tika/testEPUB_multi-metadata-vals.epub'), 'book.epub');
    const description = 'A young writer dabbling in journalism meets a strange, otherworldly woman with long-term political goals.';
    expect(
      result.markdown.startsWith(`# The Inheritors\n\nBy Joseph Conrad, Ford Madox Ford\n\n${description}\n\nLanguage: en-GB\n\n`),
    ).toBe(true);
    expect(result.title).toBe('The Inheritors');
    expect(result.language).toBe('en');
    expect(result.metadata).toMatchObject({
      title: 'The Inheritors',
      authors: ['Joseph Conrad', 'Ford Madox Ford'],
      description,
      language: 'en-GB',
    });
  });

  it.skipIf(!hasCorpus)('matches the reference conversion (token F1 >= 0.90)', async () => {
    const { mean, scores } = await folderF1(epubConverter, 'epub');
    console.info('EPUB token F1', scores);
    expect(mean).toBeGreaterThanOrEqual(0.9);
    const result = await convertFile(epubConverter, 'epub/epub_purvis_poetry.epub');
    expect(result.title).toBe('Poetry');
    expect(result.metadata.authors).toEqual(['Sarah Louisa Forten Purvis']);
    expect(result.language).toBe('en');
  });

  it.skipIf(!hasCorpus)('converts every EPUB of the breadth corpus to non-empty text', async () => {
    const files = readdirSync(path.join(corpusRoot, 'tika')).filter((name) => name.endsWith('.epub'));
    for (const name of files) {
      const result = await convertDetected(corpusFile(`tika/${name}`), name);
      expect(result.text.trim().length, name).toBeGreaterThan(100);
      expect(result.title, name).toBeTruthy();
    }
  });
});
