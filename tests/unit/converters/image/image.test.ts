import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { imageConverter } from '../../../../src/converters/image/image.converter.js';
import { ocrImage, terminateOcr } from '../../../../src/converters/image/ocr.js';
import { defaultConvertOptions } from '../../../../src/converters/core/types.js';
import { tokenF1 } from '../../../../src/converters/quality/token-f1.js';
import { AppError } from '../../../../src/errors.js';
import { convertDetected, corpusFile, corpusRoot, hasCorpus } from '../corpus.js';

const convertBytes = convertDetected;

function textImage(text: string): Canvas {
  const canvas = createCanvas(900, 160);
  const context = canvas.getContext('2d');
  context.fillStyle = 'white';
  context.fillRect(0, 0, 900, 160);
  context.fillStyle = 'black';
  context.font = '48px sans-serif';
  context.fillText(text, 30, 100);
  return canvas;
}

/** A 24-bit BMP of the canvas, written by hand: canvas encoders have no BMP. */
function bmpOf(canvas: Canvas): Uint8Array {
  const { width, height } = canvas;
  const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
  const row = Math.ceil((width * 3) / 4) * 4;
  const bmp = Buffer.alloc(54 + row * height);
  bmp.write('BM');
  bmp.writeUInt32LE(bmp.length, 2);
  bmp.writeUInt32LE(54, 10);
  bmp.writeUInt32LE(40, 14);
  bmp.writeInt32LE(width, 18);
  bmp.writeInt32LE(height, 22);
  bmp.writeUInt16LE(1, 26);
  bmp.writeUInt16LE(24, 28);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const from = ((height - 1 - y) * width + x) * 4;
      const to = 54 + y * row + x * 3;
      bmp[to] = pixels[from + 2]!;
      bmp[to + 1] = pixels[from + 1]!;
      bmp[to + 2] = pixels[from]!;
    }
  }
  return new Uint8Array(bmp);
}

/** A valid PNG header that claims `width` × `height` pixels, with one tiny compressed row. */
function claimedPng(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type), data, Buffer.alloc(4)]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 0;
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return new Uint8Array(png);
}

afterAll(() => terminateOcr());

describe('images (OCR)', () => {
  it('reads PNG, JPEG, WEBP, GIF and BMP, one page with ocr: true', async () => {
    const canvas = textImage('Invoice number 4711 paid');
    const images: Array<[string, Uint8Array]> = [
      ['png', await canvas.encode('png')],
      ['jpeg', await canvas.encode('jpeg', 95)],
      ['webp', await canvas.encode('webp', 95)],
      ['gif', await canvas.encode('gif' as 'png')],
      ['bmp', bmpOf(canvas)],
    ];
    for (const [kind, bytes] of images) {
      const result = await convertBytes(bytes);
      expect(result.text, kind).toContain('Invoice number 4711 paid');
      expect(result.pages, kind).toHaveLength(1);
      expect(result.pages[0]!.ocr, kind).toBe(true);
      expect(result.pages[0]!.charEnd, kind).toBe(result.markdown.length);
    }
  });

  it('refuses a decompression bomb by its declared pixel count, before decoding', async () => {
    const bomb = claimedPng(50_000, 50_000);
    expect(bomb.length).toBeLessThan(2_000);
    const started = Date.now();
    const err = await convertBytes(bomb).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('RESOURCE_LIMIT');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses a TIFF whose page directories form a loop, instead of looping forever', async () => {
    const tiff = Buffer.alloc(8 + 2 + 12 + 4);
    tiff.write('II', 0, 'latin1');
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4);
    tiff.writeUInt16LE(1, 8);
    tiff.writeUInt16LE(256, 10);
    tiff.writeUInt16LE(3, 12);
    tiff.writeUInt32LE(1, 14);
    tiff.writeUInt16LE(10, 18);
    tiff.writeUInt32LE(8, 22);
    const err = await convertBytes(new Uint8Array(tiff), 'loop.tif').catch((e: unknown) => e);
    expect((err as AppError).code).toBe('CORRUPT_DOCUMENT');
  });

  it('with OCR off, returns the pages without text and a warning', async () => {
    const bytes = await textImage('hello').encode('png');
    const result = await imageConverter.convert({
      bytes,
      mimeType: 'image/png',
      options: { ...defaultConvertOptions, ocr: 'OFF' },
    });
    expect(result.text).toBe('');
    expect(result.pages).toEqual([{ number: 1, text: '', ocr: false, charStart: 0, charEnd: 0 }]);
    expect(result.metadata.warnings).toHaveLength(1);
  });

  it('runs OCR on a pool of workers and restarts after terminateOcr', async () => {
    const lines = ['alpha bravo charlie', 'delta echo foxtrot', 'golf hotel india'];
    const images = await Promise.all(lines.map((line) => textImage(line).encode('png')));
    const results = await Promise.all(images.map((image) => ocrImage(image, ['eng'], { workers: 2 })));
    expect(results.map((result) => result.text.trim())).toEqual(lines);
    await terminateOcr();
    expect((await ocrImage(images[0]!, ['eng'], { workers: 2 })).text.trim()).toBe(lines[0]);
  });

  describe.skipIf(!hasCorpus)('corpus', () => {
    it('matches the WEBP reference (token F1 >= 0.85)', async () => {
      const file = 'webp/webp-test.webp';
      const result = await convertBytes(corpusFile(file), 'webp-test.webp');
      const reference = readFileSync(path.join(corpusRoot, `${file}.expected.md`), 'utf8');
      const { f1 } = tokenF1(result.markdown, reference);
      console.info('WEBP OCR token F1', f1);
      expect(f1).toBeGreaterThanOrEqual(0.85);
    });

    it('reads each frame of a multi-page TIFF as its own page', async () => {
      const result = await convertBytes(corpusFile('tika/testTIFF_multipage.tif'));
      expect(result.pageCount).toBe(2);
      expect(result.pages.map((page) => page.ocr)).toEqual([true, true]);
      expect(result.pages[0]!.text).toMatch(/Multipage\s+TIFF\s+Example\s+Page 1/);
      // Tesseract reads this frame's large "2" as "?"; the frame itself is decoded and read.
      expect(result.pages[1]!.text).toMatch(/Multipage\s+TIFF\s+Example\s+Page/);
      expect(result.pages[1]!.charStart).toBeGreaterThan(result.pages[0]!.charEnd);
    });

    it('converts a photo without text (TIFF) and a scanned bill (JPEG)', async () => {
      const photo = await convertBytes(corpusFile('tika/testTIFF.tif'));
      expect(photo.pages).toHaveLength(1);
      const bill = await convertBytes(corpusFile('ocr/qr_bill_example.jpg'));
      expect(bill.text.length).toBeGreaterThan(200);
    });
  });
});
