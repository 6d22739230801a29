/**
 * ZIP packages (OOXML, ODF, EPUB) are recognised by what they hold, not by the order of their
 * entries. Real corpus files are rebuilt by python3's zipfile with `_rels/.rels` (or another
 * entry) first and the entries file-type looks for ([Content_Types].xml, mimetype) last, behind
 * the media, so they lie past the 64 KiB head; one is also written as a streaming writer does,
 * with sizes in data descriptors. Each must be detected and converted like the original.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../../src/converters/registry.js';
import { convertDetected, corpusFile, hasCorpus, repackedCorpusFile } from '../corpus.js';

const original = (relative: string) => corpusFile(relative);
const repack = (relative: string, streamed = false) => repackedCorpusFile(relative, ['_rels/.rels'], streamed);

describe.runIf(hasCorpus)('ZIP packages with their entries in any order', () => {
  it.each([
    ['docx/docx_grouped_images.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', false],
    ['docx/docx_grouped_images.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', true],
    ['xlsx/xlsx_01.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', false],
    ['pptx/powerpoint_with_image.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', false],
    ['odf/text_document_02.odt', 'application/vnd.oasis.opendocument.text', false],
    ['odf/odf_table_with_title_01.ods', 'application/vnd.oasis.opendocument.spreadsheet', false],
    ['epub/epub_purvis_poetry.epub', 'application/epub+zip', false],
  ])('%s is detected as %s (streamed: %s) and converts like the original', async (relative, mimeType, streamed) => {
    const bytes = repack(relative, streamed);
    const name = path.basename(relative);
    // The head alone may say only "zip"; the whole file settles it, as for an upload.
    expect((await detectFormat(bytes.subarray(0, 64 * 1024), name, async () => bytes))?.mimeType).toBe(mimeType);
    expect((await detectFormat(bytes, name))?.mimeType).toBe(mimeType);
    const [rebuilt, reference] = await Promise.all([convertDetected(bytes, name), convertDetected(original(relative), name)]);
    expect(rebuilt.markdown).toBe(reference.markdown);
    expect(rebuilt.markdown.length).toBeGreaterThan(0);
  });

  it('knows an OOXML package from its relationships in the head alone', async () => {
    const bytes = repack('docx/docx_grouped_images.docx');
    expect((await detectFormat(bytes.subarray(0, 64 * 1024), 'upload.bin'))?.mimeType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
  });

  it('settles a package stored under the provisional type "application/zip" when converting', async () => {
    const { convert } = await import('../../../../src/converters/registry.js');
    const bytes = repack('docx/docx_grouped_images.docx');
    const result = await convert({ bytes, mimeType: 'application/zip', options: { ocr: 'OFF', languages: ['eng'] } });
    expect(result.markdown).not.toContain('[Content_Types].xml');
    expect(result.markdown).toBe((await convertDetected(original('docx/docx_grouped_images.docx'), 'x.docx')).markdown);
  });
});
