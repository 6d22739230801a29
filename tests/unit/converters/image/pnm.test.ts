/**
 * Pixels handed to tesseract as PNM (src/converters/image/pnm.ts): colour as PPM, grey as PGM,
 * both read back as grey for turning a page. The pixels are a real scan's: the corpus TIFF
 * frames decoded by utif2, as the image converter decodes them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import UTIF from 'utif2';
import { describe, expect, it } from 'vitest';
import { encodeRgba, parsePnm, rgbaToGray } from '../../../../src/converters/image/pnm.js';
import { corpusRoot, hasCorpus } from '../corpus.js';

/** The first frame of a corpus TIFF as RGBA. */
function tiffRgba(relative: string) {
  const buffer = readFileSync(path.join(corpusRoot, relative));
  const [ifd] = UTIF.decode(buffer);
  UTIF.decodeImage(buffer, ifd!);
  return { rgba: new Uint8Array(UTIF.toRGBA8(ifd!)), width: ifd!.width, height: ifd!.height };
}

describe.skipIf(!hasCorpus)('PNM for tesseract', () => {
  it('keeps a colour image in colour, and reads it back as the grey it would turn', () => {
    const { rgba, width, height } = tiffRgba('tika/testTIFF.tif');
    const pnm = encodeRgba(rgba, width, height);
    expect(pnm.subarray(0, 2).toString('latin1')).toBe('P6');
    expect(pnm.byteLength).toBeGreaterThan(width * height * 3);
    expect(parsePnm(pnm)).toEqual({ width, height, pixels: rgbaToGray(rgba, width * height) });
  });

  it('writes a grey image as a PGM of a third the size', () => {
    const { rgba, width, height } = tiffRgba('tika/testTIFF.tif');
    const gray = rgbaToGray(rgba, width * height);
    const greyRgba = new Uint8Array(rgba.length);
    gray.forEach((value, i) => greyRgba.set([value, value, value, 255], i * 4));
    const pnm = encodeRgba(greyRgba, width, height);
    expect(pnm.subarray(0, 2).toString('latin1')).toBe('P5');
    const parsed = parsePnm(pnm)!;
    expect([parsed.width, parsed.height]).toEqual([width, height]);
    expect(new Uint8Array(parsed.pixels)).toEqual(gray);
  });
});
