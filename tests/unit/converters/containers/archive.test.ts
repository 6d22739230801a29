import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../../src/converters/registry.js';
import type { ArchiveLimits, ConversionResult } from '../../../../src/converters/core/types.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { AppError } from '../../../../src/errors.js';
import { convertDetected, corpusFile, hasCorpus } from '../corpus.js';

type Tree = { [name: string]: string | Uint8Array | Tree };

async function zipOf(tree: Tree): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, value] of Object.entries(tree)) {
    const content = typeof value === 'string' || value instanceof Uint8Array ? value : await zipOf(value);
    zip.file(name, content);
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

function convertZip(bytes: Uint8Array, limits: Partial<ArchiveLimits> = {}): Promise<ConversionResult> {
  return convertDetected(bytes, 'upload.zip', { ...defaultConvertOptions, archiveLimits: limits });
}

async function errorCode(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return (err as AppError).code;
}

/** Sets every "uncompressed size" field (local headers and central directory) to `size`. */
function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
  const bytes = Buffer.from(zip);
  for (let at = 0; at < bytes.length - 4; at += 1) {
    const signature = bytes.readUInt32LE(at);
    if (signature === 0x04034b50) bytes.writeUInt32LE(size, at + 22);
    if (signature === 0x02014b50) bytes.writeUInt32LE(size, at + 24);
  }
  return new Uint8Array(bytes);
}

describe('ZIP archives', () => {
  it('converts every entry under a heading with its path, recursively into nested zips', async () => {
    const bytes = await zipOf({
      'readme.txt': 'Quarterly figures are in the report folder.',
      'report/page.html': '<html><body><h1>Revenue</h1><p>Revenue grew by twelve percent.</p></body></html>',
      'inner.zip': { 'deep/notes.md': '# Notes\n\nThe nested archive holds meeting notes.' },
    });
    const result = await convertZip(bytes);
    expect(result.markdown).toContain('## readme.txt');
    expect(result.markdown).toContain('## report/page.html');
    expect(result.markdown).toContain('### Revenue');
    expect(result.markdown).toContain('## inner.zip');
    expect(result.markdown).toContain('#### deep/notes.md');
    expect(result.text).toContain('The nested archive holds meeting notes.');
    expect(result.outline.map((entry) => entry.text)).toContain('deep/notes.md');
  });

  it('skips entries it cannot convert and says so in metadata.warnings', async () => {
    const binary = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    const result = await convertZip(await zipOf({ 'a.txt': 'kept text', 'blob.bin': binary }));
    expect(result.text).toContain('kept text');
    expect(result.metadata.warnings).toEqual(['blob.bin: skipped (unrecognised format)']);
  });

  it('stops a zip bomb by the bytes that really come out, even when the headers lie', async () => {
    const bomb = await zipOf({ 'zeros.txt': new Uint8Array(8 * 1024 * 1024).fill(0x41) });
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await errorCode(convertZip(bomb))).toBe('RESOURCE_LIMIT');
    expect(await errorCode(convertZip(lieAboutSizes(bomb, 100)))).toBe('RESOURCE_LIMIT');
  });

  it('enforces the total size over nested archives, the entry count and the depth', async () => {
    const text = 'x'.repeat(40_000);
    const spread = await zipOf({ 'a.txt': text, 'b.zip': { 'c.txt': text, 'd.txt': text } });
    expect(await errorCode(convertZip(spread, { maxTotalBytes: 100_000, maxRatio: 1e9 }))).toBe('RESOURCE_LIMIT');
    await expect(convertZip(spread, { maxTotalBytes: 300_000, maxRatio: 1e9 })).resolves.toBeTruthy();

    const many = await zipOf(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, `file ${i}`])));
    expect(await errorCode(convertZip(many, { maxEntries: 10 }))).toBe('RESOURCE_LIMIT');

    let nested: Tree = { 'bottom.txt': 'the bottom' };
    for (let level = 0; level < 4; level += 1) nested = { [`level${level}.zip`]: nested };
    expect(await errorCode(convertZip(await zipOf(nested)))).toBe('RESOURCE_LIMIT');
    const result = await convertZip(await zipOf(nested), { maxDepth: 6 });
    expect(result.text).toContain('the bottom');
  });

  it('keeps routing DOCX and EPUB (zips too) to their own converters', async () => {
    if (!hasCorpus) return;
    const docx = await detectFormat(corpusFile('docx/Strict.docx').subarray(0, 65536));
    expect(docx?.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    // This EPUB's `mimetype` entry is not first, so file-type calls it a plain zip.
    const result = await convertZip(corpusFile('tika/testEPUB_multi-metadata-vals.epub'));
    expect(result.title).toBe('The Inheritors');
    expect(result.markdown).not.toContain('## META-INF/container.xml');
  });

  describe.skipIf(!hasCorpus)('hostile archives', () => {
    it('reports an encrypted zip as ENCRYPTED_DOCUMENT', async () => {
      expect(await errorCode(convertZip(corpusFile('hostile/testZipEncrypted.zip')))).toBe('ENCRYPTED_DOCUMENT');
    });

    it('reports a corrupted zip as CORRUPT_DOCUMENT quickly', async () => {
      const started = Date.now();
      expect(await errorCode(convertZip(corpusFile('hostile/testZIP_corrupted_oom.zip')))).toBe('CORRUPT_DOCUMENT');
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });
});
