/**
 * An encoded image's pixels as grey, for turning a page OSD found sideways: tesseract.js can
 * turn an image itself (`rotateRadians`), but keeps its width and height, so a landscape page
 * turned a quarter cut off most of its lines (F1 0.13 on the corpus's sideways scan).
 */
import { rgbaToGray, type GrayPixels } from './ocr.js';

/** Our own binary PGM (ocr.ts encodePgm): header lines, then one byte a pixel. */
function parsePgm(bytes: Uint8Array): GrayPixels | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  const match = /^P5\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+255\s/.exec(head);
  if (!match) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  const start = match[0].length;
  if (bytes.byteLength - start < width * height) return undefined;
  return { width, height, pixels: bytes.subarray(start, start + width * height) };
}

/**
 * Grey pixels of a PGM, PNG, JPEG, WEBP, GIF or BMP (composited over white).
 * @throws Error when the image cannot be decoded
 */
export async function decodeGray(bytes: Uint8Array): Promise<GrayPixels> {
  const pgm = parsePgm(bytes);
  if (pgm) return pgm;
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  const rgba = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return { width: image.width, height: image.height, pixels: rgbaToGray(rgba, image.width * image.height) };
}
