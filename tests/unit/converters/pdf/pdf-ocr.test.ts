/**
 * OCR of PDF pages on real scans from the corpus: PDFium's rendering of scanned pages against
 * poppler's (pdftoppm), the margins cut before tesseract, and pages placed upright, upside down
 * and sideways all coming out readable.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { terminateOcr } from '../../../../src/converters/image/ocr.js';
import { openDocument, type PdfDocument } from '../../../../src/converters/pdf/pdfium.js';
import { ocrPage } from '../../../../src/converters/pdf/ocr-page.js';
import { renderPageGray, rotateGray, trimMargins, type GrayImage } from '../../../../src/converters/pdf/render.js';
import { corpusFile, hasCorpus, hasTool } from '../corpus.js';
import { buildPdf, column } from './pdf-fixtures.js';

const PHRASE = 'Docling bundles PDF document conversion';

async function withPdf<T>(bytes: Uint8Array, use: (doc: PdfDocument) => Promise<T> | T): Promise<T> {
  const doc = await openDocument(bytes);
  try {
    return await use(doc);
  } finally {
    doc.close();
  }
}

async function render(file: string, pageNumber = 1): Promise<GrayImage> {
  return withPdf(corpusFile(file), (doc) => renderPageGray(doc, pageNumber - 1));
}

const hasPoppler = hasTool('pdftoppm', ['-v']);

/** Poppler's grey rendering of page 1 at 300 DPI (binary PGM), the reference renderer. */
function popplerGray(bytes: Uint8Array): GrayImage {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdfium-test-'));
  try {
    writeFileSync(path.join(dir, 'in.pdf'), bytes);
    execFileSync('pdftoppm', ['-r', '300', '-gray', '-singlefile', '-f', '1', '-l', '1', path.join(dir, 'in.pdf'), path.join(dir, 'out')]);
    const pgm = readFileSync(path.join(dir, 'out.pgm'));
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 64))!;
    const start = header[0].length;
    return { width: Number(header[1]), height: Number(header[2]), pixels: new Uint8Array(pgm.subarray(start)), dpi: 300 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Mean absolute difference over the area both rasters cover (sizes may differ by a pixel). */
function meanDifferenceClipped(a: GrayImage, b: GrayImage): number {
  expect(Math.abs(a.width - b.width)).toBeLessThanOrEqual(1);
  expect(Math.abs(a.height - b.height)).toBeLessThanOrEqual(1);
  const w = Math.min(a.width, b.width);
  const h = Math.min(a.height, b.height);
  let sum = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) sum += Math.abs(a.pixels[y * a.width + x]! - b.pixels[y * b.width + x]!);
  return sum / (w * h);
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

const inkCount = (image: GrayImage) => image.pixels.reduce((n, v) => n + (v < 224 ? 1 : 0), 0);

describe.skipIf(!hasCorpus)('rendering scanned pages for OCR', () => {
  it.each(['ocr/ocr_test.pdf', 'ocr/ocr_test_rotated_90.pdf', 'ocr/ocr_test_rotated_180.pdf', 'ocr/ocr_test_rotated_270.pdf'])(
    'renders the scan of %s at 300 DPI',
    async (file) => {
      const page = await render(file);
      expect(page.dpi).toBe(300);
      expect(inkCount(page)).toBeGreaterThan(10_000);
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

  describe.skipIf(!hasPoppler)('image kinds and placements, each against poppler', () => {
    const jpeg = () => ({
      width: 1021,
      height: 1423,
      colorSpace: 'DeviceRGB' as const,
      bitsPerComponent: 8,
      filter: 'DCTDecode' as const,
      data: corpusFile('ocr/qr_bill_example.jpg'),
    });

    it('the corpus scan', async () => {
      const bytes = corpusFile('ocr/ocr_test.pdf');
      const ours = await withPdf(bytes, (doc) => renderPageGray(doc, 0));
      expect(meanDifferenceClipped(ours, popplerGray(bytes))).toBeLessThan(3);
    });

    // At 300 DPI the JPEG's 1021 × 1423 pixels cover 245.04 × 341.52 pt, one pixel per pixel.
    it.each([
      ['upright', { width: 245.04, height: 341.52 }, [245.04, 0, 0, 341.52, 0, 0]],
      ['mirrored', { width: 245.04, height: 341.52 }, [-245.04, 0, 0, 341.52, 245.04, 0]],
      ['a quarter turn', { width: 341.52, height: 245.04 }, [0, 245.04, -341.52, 0, 341.52, 0]],
      ['three quarter turns on a /Rotate 90 page', { width: 341.52, height: 245.04, rotate: 90 }, [0, -245.04, 341.52, 0, 0, 245.04]],
    ] as const)('a colour JPEG placed %s', async (_name, page, cm) => {
      const bytes = imagePdf(jpeg(), page, [...cm]);
      const ours = await withPdf(bytes, (doc) => renderPageGray(doc, 0));
      expect(inkCount(ours)).toBeGreaterThan(50_000);
      expect(meanDifferenceClipped(ours, popplerGray(bytes))).toBeLessThan(6);
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
      const bytes = imagePdf(image, { width: 595.2, height: 842 }, [595.2, 0, 0, 842, 0, 0]);
      const ours = await withPdf(bytes, (doc) => renderPageGray(doc, 0));
      const topHalf = ours.pixels.subarray(0, (ours.height >> 1) * ours.width - ours.width * 4);
      expect(topHalf.every((v) => v >= 250)).toBe(true);
      expect(meanDifferenceClipped(ours, popplerGray(bytes))).toBeLessThan(3);
    });
  });

  it('renders pages that are text, not scans', async () => {
    const text = buildPdf({ pages: [column(72, 700, 12, 16, ['A line of text that is drawn, not scanned.'])] });
    const drawn = await withPdf(text, (doc) => renderPageGray(doc, 0));
    expect(inkCount(drawn)).toBeGreaterThan(1_000);
    expect(inkCount(await render('ocr/sample_with_rotation_mismatch.pdf'))).toBeGreaterThan(10_000);
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
    const readings = await withPdf(corpusFile('ocr/nemotron_multipage.pdf'), async (doc) => {
      const out = [];
      for (let i = 0; i < doc.pageCount; i++) out.push(await ocrPage(doc, i, ['eng']));
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
    const reading = await withPdf(blank, (doc) => ocrPage(doc, 0, ['eng']));
    expect(reading).toEqual({ text: '', confidence: 0, inked: false, rotation: 0 });
  });
});
