/**
 * An encoded image's pixels as grey, for turning a page OSD found sideways: tesseract.js can
 * turn an image itself (`rotateRadians`), but keeps its width and height, so a landscape page
 * turned a quarter cut off most of its lines (F1 0.13 on the corpus's sideways scan).
 */
import { parsePnm, rgbaToGray, type GrayPixels } from './pnm.js';

/**
 * Grey pixels of our PGM or PPM (pnm.ts), a PNG, JPEG, WEBP, GIF or BMP (composited over white).
 * @throws Error when the image cannot be decoded
 */
export async function decodeGray(bytes: Uint8Array): Promise<GrayPixels> {
  const pnm = parsePnm(bytes);
  if (pnm) return pnm;
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  const rgba = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return { width: image.width, height: image.height, pixels: rgbaToGray(rgba, image.width * image.height) };
}
