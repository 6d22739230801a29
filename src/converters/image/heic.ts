/**
 * HEIC/HEIF photos (the default format of phone cameras): an ISO base media file whose `ftyp`
 * box names a HEIF brand, with HEVC-coded images that no browser-grade decoder in Node reads.
 * heic-decode runs libheif compiled to WebAssembly, so nothing native is needed; it parses the
 * container first and decodes pixels only on request, which lets the declared size be checked
 * against the pixel limit before any allocation for pixels.
 */
import type { DetectedFormat } from '../core/types.js';

export const HEIC: DetectedFormat = { mimeType: 'image/heic', extension: 'heic' };
/** What file-type calls the members of the family; all are read the same way. */
export const HEIF_MIME_TYPES = ['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence'] as const;

/**
 * HEIF brands of still images and sequences (HEVC-coded, or the generic `mif1`/`msf1`). AVIF's
 * `avif`/`avis` are left out on purpose: libheif-js is built without an AV1 decoder.
 */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'mif1', 'msf1']);

const ascii = (head: Uint8Array, from: number, to: number) => String.fromCharCode(...head.subarray(from, to));

/**
 * A HEIF file: an `ftyp` box first whose major brand, or one of whose compatible brands, is a
 * HEIF brand (some cameras put a vendor brand first and `heic` among the compatible ones), and
 * which is not AVIF (whose files carry `mif1` too).
 */
export function isHeifHeader(head: Uint8Array): boolean {
  if (head.length < 16 || ascii(head, 4, 8) !== 'ftyp') return false;
  const boxSize = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  const end = Math.min(head.length, boxSize);
  const brands = [ascii(head, 8, 12)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(head, at, at + 4));
  if (brands.some((brand) => brand === 'avif' || brand === 'avis')) return false;
  return brands.some((brand) => HEIF_BRANDS.has(brand));
}

/** One image of the file: declared size, and its pixels as PNM (pnm.ts) on demand. */
export interface HeicFrame {
  width: number;
  height: number;
  encode: () => Promise<Uint8Array>;
}

/**
 * The file's top-level images (a burst or a sequence has several; thumbnails are not top-level),
 * each checked against the pixel limit before it is decoded. Each frame is decoded when its
 * turn comes; the decoder is freed after the last one.
 * @throws AppError CORRUPT_DOCUMENT, RESOURCE_LIMIT
 */
export async function heicFrames(bytes: Uint8Array, maxPixels: number): Promise<HeicFrame[]> {
  // Imported here: the WebAssembly decoder is loaded only by a process that meets a HEIC file.
  const [{ default: decode }, { corruptDocument }, { checkPixels }, { encodeRgba }] = await Promise.all([
    import('heic-decode'),
    import('../../errors.js'),
    import('./pixels.js'),
    import('./pnm.js'),
  ]);
  let images: Awaited<ReturnType<typeof decode.all>>;
  try {
    images = await decode.all({ buffer: bytes });
  } catch (err) {
    throw corruptDocument('The HEIC/HEIF image could not be read', err);
  }
  let left = images.length;
  const done = () => {
    if (--left === 0) images.dispose();
  };
  try {
    for (const image of images) checkPixels(image.width, image.height, maxPixels);
  } catch (err) {
    images.dispose();
    throw err;
  }
  return images.map((image) => ({
    width: image.width,
    height: image.height,
    encode: async () => {
      try {
        const { width, height, data } = await image.decode();
        const rgba = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        return encodeRgba(rgba, width, height);
      } catch (err) {
        throw corruptDocument('An image of the HEIC/HEIF file could not be decoded', err);
      } finally {
        done();
      }
    },
  }));
}
