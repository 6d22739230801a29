/**
 * HEIC/HEIF photos (issue 15, class 7) were refused as unsupported. The HEIC here is made by
 * libheif's `heif-enc` (Debian libheif-examples) from a page pdftoppm renders of a corpus scan,
 * so the file is what a real encoder writes, and its text has a reference to score against.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHeifHeader } from '../../../../src/converters/image/heic.js';
import { imageConverter } from '../../../../src/converters/image/image.converter.js';
import { terminateOcr } from '../../../../src/converters/image/ocr.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { tokenF1 } from '../../../../src/converters/quality/token-f1.js';
import { AppError } from '../../../../src/errors.js';
import { convertDetected, corpusRoot, hasCorpus, hasTool } from '../corpus.js';

const SOURCE = 'ocr/ocr_test.pdf';
const tools = hasCorpus && hasTool('pdftoppm', ['-v']) && hasTool('heif-enc', ['--version']);

let work = '';
let heic = new Uint8Array();

beforeAll(() => {
  if (!tools) return;
  work = mkdtempSync(path.join(tmpdir(), 'heic-'));
  const png = path.join(work, 'page');
  execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', path.join(corpusRoot, SOURCE), png]);
  execFileSync('heif-enc', ['-q', '90', '-o', path.join(work, 'page.heic'), `${png}.png`], { stdio: 'ignore' });
  heic = new Uint8Array(readFileSync(path.join(work, 'page.heic')));
  // HEVC encoding of a page takes seconds, more on a busy machine.
}, 120_000);

afterAll(async () => {
  await terminateOcr();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** An ftyp box with these brands, then filler: the head of an ISO base media file. */
function ftyp(major: string, compatible: string[]): Uint8Array {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size + 32);
  box.writeUInt32BE(size, 0);
  box.write(`ftyp${major}`, 4, 'latin1');
  compatible.forEach((brand, i) => box.write(brand, 16 + 4 * i, 'latin1'));
  return new Uint8Array(box);
}

describe('HEIC sniffing', () => {
  it('knows HEIF brands, major or compatible, and leaves AVIF and MP4 alone', () => {
    expect(isHeifHeader(ftyp('heic', ['mif1', 'heic']))).toBe(true);
    expect(isHeifHeader(ftyp('msf1', ['hevc']))).toBe(true);
    expect(isHeifHeader(ftyp('qt  ', ['heix']))).toBe(true);
    expect(isHeifHeader(ftyp('avif', ['mif1', 'miaf']))).toBe(false);
    expect(isHeifHeader(ftyp('isom', ['iso2', 'mp41']))).toBe(false);
  });
});

describe.skipIf(!tools)('HEIC made by heif-enc', () => {
  it('is detected without a file name and read by OCR', { timeout: 180_000 }, async () => {
    expect(isHeifHeader(heic)).toBe(true);
    const result = await convertDetected(heic);
    expect(result.pages).toHaveLength(1);
    expect(result.pages[0]!.ocr).toBe(true);
    const reference = readFileSync(path.join(corpusRoot, `${SOURCE}.expected.md`), 'utf8');
    expect(tokenF1(result.markdown, reference).f1).toBeGreaterThanOrEqual(0.9);
  });

  // Tesseract thresholds colour better than our grey conversion did: read as grey, this page
  // scored 0.970, against 0.976 for the same pixels decoded by libheif's own heif-convert.
  it.skipIf(!hasTool('heif-convert', ['--version']))(
    'reads the colour pixels it decodes, as well as the same pixels decoded by heif-convert',
    { timeout: 240_000 },
    async () => {
      const source = 'pdf/amt_handbook_sample.pdf';
      const page = path.join(work, 'handbook');
      execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', path.join(corpusRoot, source), page]);
      execFileSync('heif-enc', ['-q', '90', '-o', `${page}.heic`, `${page}.png`], { stdio: 'ignore' });
      execFileSync('heif-convert', [`${page}.heic`, `${page}-decoded.png`], { stdio: 'ignore' });
      const reference = readFileSync(path.join(corpusRoot, `${source}.expected.md`), 'utf8');
      const read = async (file: string) => tokenF1((await convertDetected(new Uint8Array(readFileSync(file)))).markdown, reference).f1;
      const fromHeic = await read(`${page}.heic`);
      const fromPng = await read(`${page}-decoded.png`);
      console.info(source, 'HEIC', fromHeic.toFixed(4), 'its pixels as PNG', fromPng.toFixed(4));
      expect(fromHeic).toBeGreaterThanOrEqual(fromPng - 0.002);
    },
  );

  it('refuses a HEIC above the pixel limit before decoding it', async () => {
    const err = await imageConverter
      .convert({ bytes: heic, mimeType: 'image/heic', options: { ...defaultConvertOptions, maxImagePixels: 10_000 } })
      .catch((e: unknown) => e);
    expect((err as AppError).code).toBe('RESOURCE_LIMIT');
  });

  it('fails a truncated HEIC with CORRUPT_DOCUMENT', async () => {
    const err = await convertDetected(heic.subarray(0, 600)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CORRUPT_DOCUMENT');
  });
});
