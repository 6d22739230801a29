/**
 * An image's declared size, read from its headers without decoding: the pixel-count preflight
 * and the converter both check it, because a tiny PNG or TIFF can declare 100 000 × 100 000
 * pixels that a decoder would then allocate. Apart from the converter so the preflight loads
 * neither the canvas nor tesseract.
 */
import { imageSize } from 'image-size';
import UTIF from 'utif2';
import type { PreflightInput, PreflightLimits } from '../core/types.js';
import { corruptDocument } from '../../errors.js';
import { resourceLimit } from '../core/nesting.js';

/** 100 megapixels: a 600 dpi A3 scan is 70 MP; anything above is not a document page. */
export const DEFAULT_MAX_IMAGE_PIXELS = 100_000_000;

const TIFF_MIME = 'image/tiff';

/** @throws AppError CORRUPT_DOCUMENT for no size, RESOURCE_LIMIT above `maxPixels` */
export function checkPixels(width: number, height: number, maxPixels: number): void {
  if (!(width > 0 && height > 0)) throw corruptDocument('The image has no valid dimensions');
  if (width * height > maxPixels) {
    throw resourceLimit(`The image has ${width}×${height} pixels, more than the limit of ${maxPixels}`, {
      maxPixels,
    });
  }
}

/** More frames than any real scan has; also where a hostile chain of directories stops. */
const MAX_TIFF_FRAMES = 5_000;

/**
 * Follows the TIFF's chain of image directories before utif2 does: utif2 walks it without
 * looking back, so a directory that points at itself (or an earlier one) would loop forever.
 * @throws AppError CORRUPT_DOCUMENT for a cyclic or out-of-bounds chain
 */
function checkDirectoryChain(buffer: Buffer): void {
  const little = buffer.toString('latin1', 0, 2) === 'II';
  const read32 = (at: number) => (little ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at));
  const read16 = (at: number) => (little ? buffer.readUInt16LE(at) : buffer.readUInt16BE(at));
  const seen = new Set<number>();
  let offset = buffer.length >= 8 ? read32(4) : 0;
  while (offset !== 0) {
    if (seen.has(offset) || seen.size >= MAX_TIFF_FRAMES || offset + 2 > buffer.length) {
      throw corruptDocument('The TIFF image has a broken chain of pages');
    }
    seen.add(offset);
    const next = offset + 2 + read16(offset) * 12;
    if (next + 4 > buffer.length) throw corruptDocument('The TIFF image is truncated');
    offset = read32(next);
  }
}

/** A TIFF page's declared width and height (tags 256 and 257). */
export function pageSize(ifd: UTIF.IFD): { width: number; height: number } {
  return { width: Number((ifd['t256'] as number[])[0]), height: Number((ifd['t257'] as number[])[0]) };
}

/**
 * A TIFF's pages: utif2 reads the directories without decoding any pixels, and each page's
 * declared size is checked against the limit.
 * @throws AppError RESOURCE_LIMIT, CORRUPT_DOCUMENT
 */
export function tiffPages(buffer: Buffer, maxPixels: number): UTIF.IFD[] {
  checkDirectoryChain(buffer);
  let ifds: UTIF.IFD[];
  try {
    ifds = UTIF.decode(buffer);
  } catch (err) {
    throw corruptDocument('The TIFF image could not be read', err);
  }
  // Sub-IFDs (thumbnails, masks) are not pages; pages are the top-level directories with pixels.
  const pages = ifds.filter((ifd) => ifd['t256'] && ifd['t257']);
  if (pages.length === 0) throw corruptDocument('The TIFF image has no pages');
  for (const ifd of pages) {
    const { width, height } = pageSize(ifd);
    checkPixels(width, height, maxPixels);
  }
  return pages;
}

/**
 * Any other image's (one frame: an animated GIF's first) declared size, checked.
 * @throws AppError RESOURCE_LIMIT, CORRUPT_DOCUMENT
 */
export function imagePixels(bytes: Uint8Array, maxPixels: number): { width: number; height: number } {
  let size: { width?: number; height?: number };
  try {
    size = imageSize(bytes);
  } catch (err) {
    throw corruptDocument('The image could not be read', err);
  }
  const width = size.width ?? 0;
  const height = size.height ?? 0;
  checkPixels(width, height, maxPixels);
  return { width, height };
}

/** The image declaration's preflight; the converter checks every frame again. */
export async function checkImagePixels({ bytes, mimeType }: PreflightInput, limits: PreflightLimits): Promise<void> {
  const maxPixels = limits.maxImagePixels ?? DEFAULT_MAX_IMAGE_PIXELS;
  if (mimeType === TIFF_MIME) tiffPages(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), maxPixels);
  else imagePixels(bytes, maxPixels);
}
