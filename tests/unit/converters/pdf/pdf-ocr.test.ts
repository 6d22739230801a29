/**
 * OCR of PDF pages on real scans from the corpus: the direct rendering of scanned pages against
 * pdf.js's canvas, the margins cut before tesseract, and pages placed upright, upside down and
 * sideways all coming out readable.
 */
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { terminateOcr } from '../../../../src/converters/image/ocr.js';
import { openPdf } from '../../../../src/converters/pdf/load.js';
import { ocrPage } from '../../../../src/converters/pdf/ocr-page.js';
import { renderPageGray, rotateGray, trimMargins, type GrayImage } from '../../../../src/converters/pdf/render.js';
import { renderScanGray } from '../../../../src/converters/pdf/scan-image.js';
import { corpusFile, hasCorpus } from '../corpus.js';
import { buildPdf, column } from './pdf-fixtures.js';

const PHRASE = 'Docling bundles PDF document conversion';

async function withPdf<T>(bytes: Uint8Array, use: (pdf: PDFDocumentProxy) => Promise<T>): Promise<T> {
  const pdf = await openPdf(bytes);
  try {
    return await use(pdf);
  } finally {
    await pdf.destroy();
  }
}

async function render(file: string, pageNumber = 1, direct = true): Promise<GrayImage> {
  return withPdf(corpusFile(file), async (pdf) => renderPageGray(pdf, await pdf.getPage(pageNumber), { direct }));
}

/** Mean absolute difference of two rasters of the same size, in grey levels. */
function meanDifference(a: GrayImage, b: GrayImage): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let sum = 0;
  for (let i = 0; i < a.pixels.length; i++) sum += Math.abs(a.pixels[i]! - b.pixels[i]!);
  return sum / a.pixels.length;
}

interface ImageSpec {
  width: number;
  height: number;
  colorSpace: 'DeviceGray' | 'DeviceRGB';
  bitsPerComponent: number;
  filter?: 'DCTDecode' | 'FlateDecode';
  data: Uint8Array;
  /** An 8-bit grey soft mask, stored uncompressed. */
  smask?: Uint8Array;
}

/**
 * A one-page PDF that draws `image` with the matrix `cm` (what scanner software writes), for
 * image kinds and placements the corpus scans (8-bit grey, upright) do not cover.
 */
function imagePdf(image: ImageSpec, page: { width: number; height: number; rotate?: number }, cm: number[]): Uint8Array {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (chunk: Buffer | string) => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    parts.push(buffer);
    length += buffer.length;
  };
  const object = (id: number, dict: string, stream?: Uint8Array) => {
    offsets[id] = length;
    push(`${id} 0 obj\n${dict}`);
    if (stream) {
      push('\nstream\n');
      push(Buffer.from(stream));
      push('\nendstream');
    }
    push('\nendobj\n');
  };
  push('%PDF-1.7\n');
  const content = `q ${cm.join(' ')} cm /Im0 Do Q`;
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object(
    3,
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${page.width} ${page.height}] /Rotate ${page.rotate ?? 0} /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>`,
  );
  object(4, `<< /Length ${content.length} >>`, Buffer.from(content, 'latin1'));
  const filter = image.filter ? ` /Filter /${image.filter}` : '';
  const smask = image.smask ? ' /SMask 6 0 R' : '';
  object(
    5,
    `<< /Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} /ColorSpace /${image.colorSpace} /BitsPerComponent ${image.bitsPerComponent}${filter}${smask} /Length ${image.data.length} >>`,
    image.data,
  );
  if (image.smask) {
    object(
      6,
      `<< /Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${image.smask.length} >>`,
      image.smask,
    );
  }
  const xref = length;
  const count = offsets.length;
  push(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let id = 1; id < count; id++) push(`${String(offsets[id]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return new Uint8Array(Buffer.concat(parts));
}

/** The direct (canvas-free) rendering of page 1 at 300 DPI, or undefined where it declines. */
function directScan(bytes: Uint8Array): Promise<Uint8Array | undefined> {
  return withPdf(bytes, async (pdf) => {
    const page = await pdf.getPage(1);
    const viewport = page.getViewport({ scale: 300 / 72, rotation: page.rotate });
    const matrix = viewport.transform as [number, number, number, number, number, number];
    return renderScanGray(page, matrix, Math.ceil(viewport.width), Math.ceil(viewport.height));
  });
}

const inkCount = (image: GrayImage) => image.pixels.reduce((n, v) => n + (v < 224 ? 1 : 0), 0);

describe.skipIf(!hasCorpus)('rendering scanned pages for OCR', () => {
  it.each(['ocr/ocr_test.pdf', 'ocr/ocr_test_rotated_90.pdf', 'ocr/ocr_test_rotated_180.pdf', 'ocr/ocr_test_rotated_270.pdf'])(
    'scales the scan of %s directly to what the canvas draws',
    async (file) => {
      const direct = await render(file);
      const canvas = await render(file, 1, false);
      expect(direct.dpi).toBe(300);
      expect(inkCount(direct)).toBeGreaterThan(10_000);
      expect(meanDifference(direct, canvas)).toBeLessThan(0.5);
    },
  );

  it('turns pixels the way /Rotate turns the page', async () => {
    // The same scan with /Rotate 270: a quarter turn clockwise puts it back upright.
    const upright = await render('ocr/ocr_test.pdf');
    const turned = await render('ocr/ocr_test_rotated_90.pdf');
    // Rounding the page to whole pixels may shift it by one pixel; the wrong turn is far off.
    expect(meanDifference(rotateGray(turned, 90), upright)).toBeLessThan(1);
    expect(meanDifference(rotateGray(turned, 180 + 90), rotateGray(upright, 180))).toBeLessThan(1);
    expect(meanDifference(rotateGray(turned, 270), upright)).toBeGreaterThan(2);
    expect(meanDifference(rotateGray(rotateGray(upright, 270), 90), upright)).toBe(0);
    expect(meanDifference(rotateGray(rotateGray(upright, 180), 180), upright)).toBe(0);
  });

  describe('other image kinds and placements, each against the canvas', () => {
    const jpeg = () => ({
      width: 1021,
      height: 1423,
      colorSpace: 'DeviceRGB' as const,
      bitsPerComponent: 8,
      filter: 'DCTDecode' as const,
      data: corpusFile('ocr/qr_bill_example.jpg'),
    });

    /** Page 1 rendered both ways; the direct way must have been taken. */
    async function bothWays(bytes: Uint8Array): Promise<[GrayImage, GrayImage]> {
      expect(await directScan(bytes)).toBeInstanceOf(Uint8Array);
      return withPdf(bytes, async (pdf) => {
        const page = await pdf.getPage(1);
        return [await renderPageGray(pdf, page), await renderPageGray(pdf, page, { direct: false })];
      });
    }

    // At 300 DPI the JPEG's 1021 × 1423 pixels cover 245.04 × 341.52 pt, one pixel per pixel.
    it.each([
      ['upright', { width: 245.04, height: 341.52 }, [245.04, 0, 0, 341.52, 0, 0]],
      ['mirrored', { width: 245.04, height: 341.52 }, [-245.04, 0, 0, 341.52, 245.04, 0]],
      ['a quarter turn', { width: 341.52, height: 245.04 }, [0, 245.04, -341.52, 0, 341.52, 0]],
      ['three quarter turns on a /Rotate 90 page', { width: 341.52, height: 245.04, rotate: 90 }, [0, -245.04, 341.52, 0, 0, 245.04]],
    ] as const)('a colour JPEG placed %s', async (_name, page, cm) => {
      const [direct, canvas] = await bothWays(imagePdf(jpeg(), page, [...cm]));
      expect(meanDifference(direct, canvas)).toBeLessThan(0.5);
    });

    it('leaves an image that does not scale by whole pixels to the canvas', async () => {
      // 1021 pixels over 200 pt is 1.225 image pixels per page pixel: Skia's filter decides.
      const bytes = imagePdf(jpeg(), { width: 200, height: 279 }, [200, 0, 0, 279, 0, 0]);
      expect(await directScan(bytes)).toBeUndefined();
      const page = await withPdf(bytes, async (pdf) => renderPageGray(pdf, await pdf.getPage(1)));
      expect(inkCount(page)).toBeGreaterThan(50_000);
    });

    it('a 1-bit scan at 600 DPI', async () => {
      const page = await render('ocr/ocr_test.pdf');
      const stride = (page.width + 7) >> 3;
      const bits = new Uint8Array(stride * page.height);
      // Set bits are white in PDF's default decoding of 1-bit grey.
      for (let y = 0; y < page.height; y++) {
        for (let x = 0; x < page.width; x++) if (page.pixels[y * page.width + x]! >= 128) bits[y * stride + (x >> 3)]! |= 0x80 >> (x & 7);
      }
      const image = {
        width: page.width,
        height: page.height,
        colorSpace: 'DeviceGray' as const,
        bitsPerComponent: 1,
        filter: 'FlateDecode' as const,
        data: deflateSync(bits),
      };
      const [direct, canvas] = await bothWays(imagePdf(image, { width: 297.7, height: 421 }, [297.7, 0, 0, 421, 0, 0]));
      expect(meanDifference(direct, canvas)).toBeLessThan(1);
    });

    it('a grey scan with a soft mask, over white paper', async () => {
      const page = await render('ocr/ocr_test.pdf');
      const mask = new Uint8Array(page.pixels.length).fill(255);
      // The top half of the scan is masked out: it must come out as paper.
      mask.fill(0, 0, (page.height >> 1) * page.width);
      const image = {
        width: page.width,
        height: page.height,
        colorSpace: 'DeviceGray' as const,
        bitsPerComponent: 8,
        data: page.pixels,
        smask: mask,
      };
      const [direct, canvas] = await bothWays(imagePdf(image, { width: 595.2, height: 842 }, [595.2, 0, 0, 842, 0, 0]));
      expect(meanDifference(direct, canvas)).toBeLessThan(2);
    });
  });

  it('leaves pages that are not one sharp image to the canvas', async () => {
    // A 249 DPI scan would have to be interpolated up to 300 DPI, and a text page is no scan:
    // the direct path declines both, and the canvas still renders them.
    const text = buildPdf({ pages: [column(72, 700, 12, 16, ['A line of text that is drawn, not scanned.'])] });
    const low = corpusFile('ocr/sample_with_rotation_mismatch.pdf');
    expect(await directScan(corpusFile('ocr/ocr_test.pdf'))).toBeInstanceOf(Uint8Array);
    expect(await directScan(low)).toBeUndefined();
    expect(await directScan(text)).toBeUndefined();
    expect(inkCount(await render('ocr/sample_with_rotation_mismatch.pdf'))).toBeGreaterThan(10_000);
    const drawn = await withPdf(text, async (pdf) => renderPageGray(pdf, await pdf.getPage(1)));
    expect(inkCount(drawn)).toBeGreaterThan(1_000);
  });

  it('cuts blank margins but keeps every inked pixel', async () => {
    const page = await render('ocr/ocr_test.pdf');
    const trimmed = trimMargins(page, 50)!;
    expect(trimmed.width * trimmed.height).toBeLessThan((page.width * page.height) / 4);
    expect(inkCount(trimmed)).toBe(inkCount(page));
  });
});

describe.skipIf(!hasCorpus)('OCR of scanned pages in any orientation', () => {
  afterAll(() => terminateOcr());

  it('reads upright, upside-down and sideways pages of one scan', async () => {
    const readings = await withPdf(corpusFile('ocr/nemotron_multipage.pdf'), async (pdf) => {
      const out = [];
      for (let n = 1; n <= pdf.numPages; n++) out.push(await ocrPage(pdf, await pdf.getPage(n), ['eng']));
      return out;
    });
    expect(readings).toHaveLength(4);
    for (const reading of readings) {
      expect(reading.text.replace(/\s+/g, ' ')).toContain(PHRASE);
      expect(reading.confidence).toBeGreaterThanOrEqual(80);
    }
    // Page 2 is upside down; page 3 lies sideways and tesseract reads its vertical lines in one
    // pass; page 4 lies the other way, which tesseract first reads upside down, so half a turn.
    expect(readings.map((r) => r.rotation)).toEqual([0, 180, 0, 180]);
  });

  it('skips OCR on a page without ink', async () => {
    const blank = buildPdf({ pages: [[]] });
    const reading = await withPdf(blank, async (pdf) => ocrPage(pdf, await pdf.getPage(1), ['eng']));
    expect(reading).toEqual({ text: '', confidence: 0, rotation: 0 });
  });
});
