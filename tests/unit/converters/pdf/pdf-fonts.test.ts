/**
 * What PDFium tells about fonts beyond their names: descriptor flags (italic, force bold) and
 * weight decide emphasis, which makes headings of bold lines at body size; and encryption from
 * a real tool (qpdf) maps onto ENCRYPTED_DOCUMENT, or opens when only an owner password is set.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/errors.js';
import { isEmphasisFont } from '../../../../src/converters/pdf/fonts.js';
import { pdfConverter } from '../../../../src/converters/pdf/pdf.converter.js';
import { hasTool } from '../corpus.js';
import { buildPdf, column, type FontSpec } from './pdf-fixtures.js';

const convert = (bytes: Uint8Array) =>
  pdfConverter.convert({ bytes, mimeType: 'application/pdf', options: { ocr: 'OFF', languages: ['eng'] } });

const BODY = 'A paragraph of plain body text follows the label and runs on for a while here.';

/** "Label" set at body size in `font`, over body text in Helvetica. */
function labelled(font: FontSpec): Uint8Array {
  return buildPdf({
    fonts: { F3: font },
    pages: [
      [
        ...column(72, 700, 11, 14, ['Opening body text of the page, long enough to set the body size.', BODY]),
        { x: 72, y: 640, size: 11, text: 'Results of the study', font: 'F3' },
        ...column(72, 625, 11, 14, [BODY, BODY]),
      ],
    ],
  });
}

describe('emphasis from font descriptors', () => {
  it('reads names, italic and force-bold flags, and clearly bold weights', () => {
    expect(isEmphasisFont('ABCDEF+Corpo-Bold', 32, -1)).toBe(true);
    expect(isEmphasisFont('Corpo', 32 | 64, -1)).toBe(true);
    expect(isEmphasisFont('Corpo', 32 | 262144, -1)).toBe(true);
    expect(isEmphasisFont('Corpo', 32, 700)).toBe(true);
    // PDFium guesses weights from stem widths when a font states none: 440 for Helvetica.
    expect(isEmphasisFont('Corpo', 32, 440)).toBe(false);
    expect(isEmphasisFont('Helvetica', 524320, 440)).toBe(false);
  });

  it.each([
    ['a force-bold flag', { baseFont: 'Corpo', flags: 32 | 262144 }],
    ['an italic flag', { baseFont: 'Corpo', flags: 32 | 64 }],
    ['stems as heavy as a bold face', { baseFont: 'Corpo', flags: 32, stemV: 165 }],
  ])('makes a heading of a body-size line whose font has %s and a plain name', async (_what, font) => {
    const { markdown, outline } = await convert(labelled(font));
    expect(markdown).toMatch(/^#+ Results of the study$/m);
    expect(outline.map((h) => h.text)).toEqual(['Results of the study']);
  });

  it('leaves a line in a plain regular font as body text', async () => {
    const { markdown, outline } = await convert(labelled({ baseFont: 'Corpo', flags: 32, stemV: 88 }));
    expect(markdown).not.toMatch(/^#+ Results/m);
    expect(outline).toEqual([]);
  });
});

const hasQpdf = hasTool('qpdf', ['--version']);

describe.runIf(hasQpdf)('PDFs encrypted by qpdf', () => {
  const plain = buildPdf({ pages: [column(72, 700, 12, 16, ['Confidential quarterly numbers are inside.'])] });

  function encrypt(user: string, owner: string, bits: '128' | '256'): Uint8Array {
    const dir = mkdtempSync(path.join(tmpdir(), 'pdfium-qpdf-'));
    try {
      writeFileSync(path.join(dir, 'in.pdf'), plain);
      const aes = bits === '128' ? ['--use-aes=y'] : [];
      execFileSync('qpdf', ['--encrypt', user, owner, bits, ...aes, '--', path.join(dir, 'in.pdf'), path.join(dir, 'out.pdf')]);
      return new Uint8Array(readFileSync(path.join(dir, 'out.pdf')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it.each(['128', '256'] as const)('refuses a user password (%s-bit) as ENCRYPTED_DOCUMENT, in preflight too', async (bits) => {
    const locked = encrypt('secret', 'owner', bits);
    const error = await convert(locked).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('ENCRYPTED_DOCUMENT');
    const preflight = await pdfConverter.preflight!({ bytes: locked, mimeType: 'application/pdf' }, { maxPages: 10 }).catch(
      (err: unknown) => err,
    );
    expect((preflight as AppError).code).toBe('ENCRYPTED_DOCUMENT');
  });

  it('reads a PDF with an owner password only', async () => {
    const { markdown } = await convert(encrypt('', 'owner', '256'));
    expect(markdown).toContain('Confidential quarterly numbers are inside.');
  });
});
