import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractDocument, requireSupportedFormat } from '../../src/services/documents/extract-document.js';

const corpus = (...parts: string[]) => path.resolve(process.cwd(), '..', 'shared', 'corpus', ...parts);

/**
 * These legacy files keep their OLE stream directory past the first 64 KiB, so the head alone
 * only says "compound file": uploads and extraction must look at the whole file before refusing.
 */
describe.each([
  ['doc/legacy_sample.doc', 'application/msword'],
  ['ppt/legacy_sample.ppt', 'application/vnd.ms-powerpoint'],
])('%s', (file, mimeType) => {
  it('is recognised when the head is not enough', async () => {
    const bytes = new Uint8Array(await readFile(corpus(file)));
    expect(bytes.byteLength).toBeGreaterThan(64 * 1024);
    const format = await requireSupportedFormat(bytes.subarray(0, 64 * 1024), path.basename(file), async () => bytes);
    expect(format.mimeType).toBe(mimeType);
  });

  it('converts through the extraction use-case', async () => {
    const bytes = new Uint8Array(await readFile(corpus(file)));
    const { format, result } = await extractDocument({ bytes, filename: path.basename(file) });
    expect(format.mimeType).toBe(mimeType);
    expect(result.text.trim().length).toBeGreaterThan(100);
  });
});
