/**
 * Decoded pixels handed to tesseract as binary PNM (PGM for grey, PPM for colour), which
 * leptonica reads by copying rows: no compression on our side, no decompression inside the
 * WebAssembly worker.
 *
 * Colour stays colour. Tesseract thresholds a colour image itself, as the CLI does with a PNG;
 * our own grey conversion first cost a lossy HEIC scan of a handbook page 0.970 against 0.976
 * read in colour (the CLI, on the lossless PNG it was encoded from: 0.975).
 */

/** 8-bit grey pixels, one byte each, rows top to bottom. */
export interface GrayPixels {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/**
 * A comment that pads the header past the first 500 bytes: tesseract.js looks for an EXIF
 * orientation tag by pattern in an image's first 500 bytes, and raw pixels could match it.
 */
const PADDING = `#${' '.repeat(510)}\n`;

/** A binary PNM: `magic`, the padded header, then the pixel bytes. */
function encodePnm(magic: 'P5' | 'P6', width: number, height: number, bytes: Uint8Array): Buffer {
  const header = Buffer.from(`${magic}\n${PADDING}${width} ${height}\n255\n`, 'latin1');
  const pnm = Buffer.allocUnsafe(header.length + bytes.length);
  header.copy(pnm, 0);
  pnm.set(bytes, header.length);
  return pnm;
}

/** A channel composited over white: a transparent pixel would otherwise read as black ink. */
const overWhite = (value: number, alpha: number) => ((value * alpha + 255 * (255 - alpha) + 127) / 255) | 0;

/** RGBA to luma with the integer ITU-R 601 weights, composited over white. */
export function rgbaToGray(rgba: Uint8Array, pixels: number): Uint8Array {
  const gray = new Uint8Array(pixels);
  for (let i = 0, j = 0; i < pixels; i++, j += 4) {
    const luma = (77 * (rgba[j] ?? 255) + 150 * (rgba[j + 1] ?? 255) + 29 * (rgba[j + 2] ?? 255) + 128) >> 8;
    gray[i] = overWhite(luma, rgba[j + 3] ?? 255);
  }
  return gray;
}

/** Grey pixels as a binary PGM. */
export function encodePgm(image: GrayPixels): Buffer {
  return encodePnm('P5', image.width, image.height, image.pixels);
}

/**
 * RGBA pixels (composited over white) as tesseract should get them: a PPM when any pixel has
 * colour, else a PGM of a third the size, which tesseract reads the same.
 */
export function encodeRgba(rgba: Uint8Array, width: number, height: number): Buffer {
  const pixels = width * height;
  const rgb = new Uint8Array(pixels * 3);
  let colour = false;
  for (let i = 0, j = 0, k = 0; i < pixels; i++, j += 4, k += 3) {
    const alpha = rgba[j + 3] ?? 255;
    rgb[k] = overWhite(rgba[j] ?? 255, alpha);
    rgb[k + 1] = overWhite(rgba[j + 1] ?? 255, alpha);
    rgb[k + 2] = overWhite(rgba[j + 2] ?? 255, alpha);
    colour ||= rgb[k] !== rgb[k + 1] || rgb[k] !== rgb[k + 2];
  }
  if (colour) return encodePnm('P6', width, height, rgb);
  const gray = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) gray[i] = rgb[i * 3]!;
  return encodePnm('P5', width, height, gray);
}

/** Grey pixels of our own binary PGM or PPM (above), or undefined for anything else. */
export function parsePnm(bytes: Uint8Array): GrayPixels | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  const match = /^P([56])\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+255\s/.exec(head);
  if (!match) return undefined;
  const channels = match[1] === '6' ? 3 : 1;
  const width = Number(match[2]);
  const height = Number(match[3]);
  const start = match[0].length;
  if (bytes.byteLength - start < width * height * channels) return undefined;
  const data = bytes.subarray(start, start + width * height * channels);
  if (channels === 1) return { width, height, pixels: data };
  const pixels = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < pixels.length; i++, j += 3) {
    pixels[i] = (77 * data[j]! + 150 * data[j + 1]! + 29 * data[j + 2]! + 128) >> 8;
  }
  return { width, height, pixels };
}
