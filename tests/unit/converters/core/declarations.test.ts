/**
 * The converters' declarations are what detection, preflight and nested conversion run on:
 * every registered converter is detected from real bytes (and stops being detected when its
 * `sniff` is taken away), every declared preflight refuses an over-limit input, the list maps
 * each MIME type to one converter, and a container converts its entries through the registry
 * its input carries.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../../../src/converters/core/registry.js';
import type { ConversionResult, ConvertInput, DetectedFormat, LazyConverter } from '../../../../src/converters/core/types.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { converters, detectFormat } from '../../../../src/converters/registry.js';
import { ErrorCode } from '../../../../src/errors.js';
import { preflight } from '../../../../src/sandbox/preflight.js';
import { corpusFile, hasCorpus, repackedCorpusFile } from '../corpus.js';

const HEAD = 64 * 1024;
const text = (value: string) => new TextEncoder().encode(value);
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A ZIP made in memory: the corpus has none that is not hostile. */
async function zipOf(entries: Record<string, Uint8Array | string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(entries)) zip.file(name, content);
  return zip.generateAsync({ type: 'uint8array' });
}

/**
 * One real sample per converter id, with the filename an upload would carry. Corpus files are
 * read in place; formats the corpus lacks (JSON, notebooks, plain text, ZIP) are made here.
 */
const samples: Record<string, () => Promise<{ bytes: Uint8Array; name: string; whole?: boolean }>> = {
  pdf: async () => ({ bytes: corpusFile('pdf/multi_page.pdf'), name: 'multi_page.pdf' }),
  // Packages rebuilt with the entries file-type looks for past the head (`_rels/.rels` or the
  // manifest first): only the converters' own refinements know them from the head.
  docx: async () => ({ bytes: repackedCorpusFile('docx/docx_grouped_images.docx'), name: 'upload.bin' }),
  html: async () => ({ bytes: corpusFile('html/example_01.html'), name: 'page' }),
  markdown: async () => ({ bytes: corpusFile('md/blocks.md'), name: 'blocks.md' }),
  text: async () => ({ bytes: text('Just a line of prose.\nAnd another one.\n'), name: 'notes.txt' }),
  epub: async () => ({ bytes: repackedCorpusFile('epub/epub_purvis_poetry.epub', ['META-INF/container.xml']), name: 'poetry.epub' }),
  eml: async () => ({ bytes: corpusFile('email/eml_simple.eml'), name: 'message' }),
  msg: async () => ({ bytes: corpusFile('email/msg_simple.msg'), name: 'msg_simple.msg' }),
  archive: async () => ({ bytes: await zipOf({ 'a.txt': 'hello' }), name: 'bundle.zip' }),
  json: async () => ({ bytes: text('{"title": "A", "items": [1, 2]}'), name: 'data.json' }),
  ipynb: async () => ({ bytes: text('{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}'), name: 'a.ipynb' }),
  // Without an XML declaration, so that the extension (not file-type) has to say XML.
  xml: async () => ({ bytes: text('<catalog><book id="1">Title</book></catalog>\n'), name: 'catalog.xml' }),
  'image-ocr': async () => ({ bytes: corpusFile('tika/testTIFF_multipage.tif'), name: 'scan.tif' }),
  csv: async () => ({ bytes: corpusFile('csv/csv-comma.csv'), name: 'csv-comma.csv' }),
  spreadsheet: async () => ({ bytes: corpusFile('xls/legacy_sample.xls'), name: 'legacy_sample.xls' }),
  pptx: async () => ({ bytes: repackedCorpusFile('pptx/powerpoint_with_image.pptx'), name: 'upload.bin' }),
  odf: async () => ({ bytes: repackedCorpusFile('odf/text_document_02.odt', ['META-INF/manifest.xml']), name: 'upload.bin' }),
  rtf: async () => ({ bytes: corpusFile('tika/testRTF.rtf'), name: 'testRTF.rtf' }),
  doc: async () => ({ bytes: corpusFile('doc/greek_heading_styles.doc'), name: 'greek_heading_styles.doc' }),
  // The corpus's only PPTs keep their directory past the first 64 KiB, where a head-only
  // detection says x-cfb and conversion looks into the whole file; the whole file is given here.
  ppt: async () => ({ bytes: corpusFile('ppt/legacy_sample.ppt'), name: 'legacy_sample.ppt', whole: true }),
};

/** A registry over `list` that refuses what it cannot route, as the real one does. */
function registryOf(list: readonly LazyConverter[]) {
  return createRegistry(list, {
    fallback: (input) => {
      throw new Error(`no converter for ${input.mimeType}`);
    },
  });
}

describe('the registry list', () => {
  it('maps every MIME type to exactly one converter', () => {
    const mimeTypes = converters.flatMap((converter) => converter.mimeTypes);
    expect(mimeTypes.length).toBeGreaterThan(0);
    expect(new Set(mimeTypes).size).toBe(mimeTypes.length);
  });

  it('has unique ids and claims each text extension once', () => {
    expect(new Set(converters.map((c) => c.id)).size).toBe(converters.length);
    const extensions = converters.flatMap((c) => (c.sniff?.textExtensions ?? []).map(([extension]) => extension));
    expect(new Set(extensions).size).toBe(extensions.length);
  });

  it('loads, for every declaration, a converter that declares the same', async () => {
    for (const entry of converters) {
      const { id, version, label, mimeTypes, extensions } = await entry.load();
      expect({ id, version, label, mimeTypes, extensions }).toEqual({
        id: entry.id,
        version: entry.version,
        label: entry.label,
        mimeTypes: entry.mimeTypes,
        extensions: entry.extensions,
      });
    }
  });

  it('finds nothing for an extension that is an Object.prototype member', async () => {
    const detected = await detectFormat(text('a,b\nc,d\n'), 'x.constructor');
    expect(typeof detected?.mimeType).toBe('string');
    expect(await detectFormat(text('plain words\n'), 'x.constructor')).toEqual({ mimeType: 'text/plain', extension: 'txt' });
    expect(await detectFormat(text('plain words\n'), 'x.__proto__')).toEqual({ mimeType: 'text/plain', extension: 'txt' });
  });
});

describe.runIf(hasCorpus)('detection runs the converters’ declarations', () => {
  it('has a sample for every registered converter', () => {
    expect(converters.map((c) => c.id).filter((id) => !samples[id])).toEqual([]);
  });

  it.each(converters.map((converter) => [converter.id, converter] as const))(
    '%s is detected from real bytes, and only through its declaration when it has one',
    async (id, converter) => {
      const { bytes, name, whole } = await samples[id]!();
      const head = whole ? bytes : bytes.subarray(0, HEAD);
      const detected = await detectFormat(head, name);
      expect(converter.mimeTypes).toContain(detected?.mimeType);
      if (!converter.sniff) return;
      // Without its sniff the same bytes come out as something else (or as nothing).
      const without = registryOf(converters.map((c) => (c === converter ? { ...c, sniff: undefined } : c)));
      const other: DetectedFormat | null = await without.detectFormat(head, name);
      expect(converter.mimeTypes).not.toContain(other?.mimeType);
    },
  );
});

/** An over-limit input for every converter that declares a preflight, with the limits used. */
const overLimit: Record<string, () => { bytes: Uint8Array; mimeType: string; limits: { maxPages: number; maxImagePixels?: number } }> = {
  pdf: () => ({ bytes: corpusFile('pdf/multi_page.pdf'), mimeType: 'application/pdf', limits: { maxPages: 1 } }),
  'image-ocr': () => ({
    bytes: corpusFile('ocr/qr_bill_example.jpg'),
    mimeType: 'image/jpeg',
    limits: { maxPages: 1, maxImagePixels: 1000 },
  }),
};

describe.runIf(hasCorpus)('preflight runs the converters’ declarations', () => {
  const declared = converters.filter((converter) => converter.preflight);

  it('has an over-limit sample for every declared preflight', () => {
    expect(declared.map((c) => c.id).sort()).toEqual(Object.keys(overLimit).sort());
  });

  it.each(declared.map((converter) => [converter.id] as const))('%s refuses an over-limit input', async (id) => {
    const { bytes, mimeType, limits } = overLimit[id]!();
    await expect(preflight(bytes, mimeType, limits)).rejects.toMatchObject({ code: ErrorCode.RESOURCE_LIMIT });
    await expect(preflight(bytes, mimeType, { maxPages: 10_000, maxImagePixels: 1e9 })).resolves.toBeUndefined();
  });

  it('lets formats without a declaration through unchecked', async () => {
    await expect(preflight(text('# Title'), 'text/markdown', { maxPages: 0 })).resolves.toBeUndefined();
  });
});

describe.runIf(hasCorpus)('nested conversion', () => {
  it('converts a DOCX inside a ZIP through the registry the input carries', async () => {
    const seen: ConvertInput[] = [];
    const docx = converters.find((c) => c.id === 'docx')!;
    const real = await docx.load();
    const spy: LazyConverter = {
      ...docx,
      load: async () => ({
        ...real,
        convert: (input): Promise<ConversionResult> => {
          seen.push(input);
          return real.convert(input);
        },
      }),
    };
    const registry = registryOf(converters.map((c) => (c === docx ? spy : c)));
    const docxBytes = corpusFile('docx/Transitional.docx');
    const alone = await registry.convert({ bytes: docxBytes, mimeType: DOCX_MIME, options: defaultConvertOptions });
    seen.length = 0;
    const bytes = await zipOf({ 'inner/report.docx': docxBytes });
    const result = await registry.convert({ bytes, mimeType: 'application/zip', filename: 'bundle.zip', options: defaultConvertOptions });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ mimeType: DOCX_MIME, filename: 'inner/report.docx', nesting: { depth: 1 } });
    expect(seen[0]!.registry).toBe(registry);
    expect(result.markdown).toMatch(/^## inner\/report\.docx/);
    expect(alone.text.trim()).not.toBe('');
    expect(result.text).toContain(alone.text.trim());
  });

  it('refuses a container converted outside any registry', async () => {
    const archive = converters.find((c) => c.id === 'archive')!;
    const bytes = await zipOf({ 'a.txt': 'hello' });
    await expect(
      (await archive.load()).convert({ bytes, mimeType: 'application/zip', options: defaultConvertOptions }),
    ).rejects.toMatchObject({
      code: ErrorCode.INTERNAL,
    });
  });
});
