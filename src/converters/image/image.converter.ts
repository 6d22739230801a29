/**
 * Images (scans, photos of documents, screenshots): their text comes from OCR, one page per
 * image, or per frame of a multi-page TIFF (fax and scanner output), so hits can cite a frame
 * the way a PDF hit cites a page.
 *
 * Decompression bombs: a tiny PNG or TIFF can declare 100 000 × 100 000 pixels, which the decoder
 * would then allocate. The dimensions are read from the headers first (without decoding) and an
 * image above the pixel limit is refused before any decoder sees it; for images the declared
 * size is what decoders allocate, so checking it is checking the real cost.
 */
import os from 'node:os';
import { imageSize } from 'image-size';
import UTIF from 'utif2';
import type { ConversionResult, Converter, ConvertInput, DetectedFormat } from '../core/types.js';
import { corruptDocument } from '../../errors.js';
import { resourceLimit } from '../core/nesting.js';
import { encodePgm, ocrImage } from './ocr.js';
import { sectionedResult } from '../core/result.js';

/** 100 megapixels: a 600 dpi A3 scan is 70 MP; anything above is not a document page. */
export const DEFAULT_MAX_IMAGE_PIXELS = 100_000_000;

const TIFF_MIME = 'image/tiff';

interface Frame {
  width: number;
  height: number;
  /** Bytes tesseract can read (PNG, JPEG, BMP, WEBP, GIF), produced on demand. */
  encode: () => Promise<Uint8Array>;
}

function checkPixels(width: number, height: number, maxPixels: number): void {
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

/**
 * TIFF frames: utif2 reads the directories without decoding; each frame is decoded only when
 * its turn comes, and handed to tesseract as grey PGM (tesseract reads only a TIFF's first
 * frame, and binarises grey anyway; PGM costs no encoding here nor decoding in its worker).
 */
function tiffFrames(bytes: Uint8Array, maxPixels: number): Frame[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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
  return pages.map((ifd) => {
    const width = Number((ifd['t256'] as number[])[0]);
    const height = Number((ifd['t257'] as number[])[0]);
    checkPixels(width, height, maxPixels);
    return {
      width,
      height,
      encode: async () => {
        try {
          UTIF.decodeImage(buffer, ifd);
          return encodePgm({ width, height, pixels: rgbaToGray(UTIF.toRGBA8(ifd), width * height) });
        } catch (err) {
          throw corruptDocument('A frame of the TIFF image could not be decoded', err);
        }
      },
    };
  });
}

/**
 * RGBA to luma with the integer ITU-R 601 weights (what leptonica uses for RGB input too),
 * composited over white: a transparent pixel would otherwise read as black ink.
 */
function rgbaToGray(rgba: Uint8Array, pixels: number): Uint8Array {
  const gray = new Uint8Array(pixels);
  for (let i = 0, j = 0; i < pixels; i++, j += 4) {
    const luma = (77 * (rgba[j] ?? 255) + 150 * (rgba[j + 1] ?? 255) + 29 * (rgba[j + 2] ?? 255) + 128) >> 8;
    const alpha = rgba[j + 3] ?? 255;
    gray[i] = (luma * alpha + 255 * (255 - alpha) + 127) / 255;
  }
  return gray;
}

/** Every other format: one frame (an animated GIF's first), read by tesseract as it is. */
function singleFrame(bytes: Uint8Array, maxPixels: number): Frame[] {
  let size: { width?: number; height?: number };
  try {
    size = imageSize(bytes);
  } catch (err) {
    throw corruptDocument('The image could not be read', err);
  }
  const width = size.width ?? 0;
  const height = size.height ?? 0;
  checkPixels(width, height, maxPixels);
  return [{ width, height, encode: async () => bytes }];
}

/** Tesseract's text, tidied: no trailing spaces, at most one blank line between paragraphs. */
function tidy(text: string): string {
  return text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

async function convertImage(input: ConvertInput): Promise<ConversionResult> {
  const { options } = input;
  const maxPixels = options.maxImagePixels ?? DEFAULT_MAX_IMAGE_PIXELS;
  const frames = framesOf(input.bytes, input.mimeType, maxPixels);
  const sections = frames.map(() => ({ markdown: '' }));
  const confidences: number[] = [];
  if (options.ocr !== 'OFF') {
    // Frames are read in parallel lanes, one per OCR worker, so a multi-page scan uses the
    // pool; each lane decodes one frame at a time, which bounds the memory held.
    const lanes = Math.min(frames.length, options.ocrWorkers ?? os.availableParallelism());
    let next = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: Math.max(1, lanes) }, async () => {
        for (let index = next++; index < frames.length; index = next++) {
          input.signal?.throwIfAborted();
          const image = await frames[index]!.encode();
          const result = await ocrImage(image, options.languages, { workers: options.ocrWorkers });
          confidences.push(result.confidence);
          sections[index] = { markdown: tidy(result.text) };
          done += 1;
          input.onProgress?.({ page: done, pageCount: frames.length });
        }
      }),
    );
  }
  const result = sectionedResult(sections, {
    metadata: {
      width: frames[0]!.width,
      height: frames[0]!.height,
      ...(confidences.length > 0
        ? { ocrConfidence: Math.round(confidences.reduce((a, b) => a + b, 0) / confidences.length) }
        : { warnings: ['OCR is off: the image text was not extracted'] }),
    },
  });
  const ocr = options.ocr !== 'OFF';
  return { ...result, pages: result.pages.map((page) => ({ ...page, ocr })) };
}

const TIFF: DetectedFormat = { mimeType: TIFF_MIME, extension: 'tif' };

/** Little- or big-endian TIFF: the byte-order mark followed by 42. */
function isTiffHeader(head: Uint8Array): boolean {
  const signature = Array.from(head.subarray(0, 4)).join(',');
  return signature === '73,73,42,0' || signature === '77,77,0,42';
}

/**
 * The image's frames, their pixel counts checked against the limit before anything is decoded.
 * @throws AppError RESOURCE_LIMIT, CORRUPT_DOCUMENT
 */
function framesOf(bytes: Uint8Array, mimeType: string, maxPixels: number): Frame[] {
  return mimeType === TIFF_MIME ? tiffFrames(bytes, maxPixels) : singleFrame(bytes, maxPixels);
}

export const imageConverter: Converter = {
  id: 'image-ocr',
  version: '1',
  label: 'Image (OCR)',
  mimeTypes: [TIFF_MIME, 'image/png', 'image/jpeg', 'image/webp', 'image/bmp', 'image/gif'],
  extensions: ['tif', 'tiff', 'png', 'jpg', 'jpeg', 'webp', 'bmp', 'gif'],
  // file-type follows a TIFF's first directory to classify it, and multi-page scans often put
  // that directory past the head it is given; the byte-order mark and 42 are signature enough.
  sniff: { binary: (head) => (isTiffHeader(head) ? TIFF : null) },
  // Reading the declared dimensions costs no decoding; convert checks them again per frame.
  preflight: async ({ bytes, mimeType }, limits) => {
    framesOf(bytes, mimeType, limits.maxImagePixels ?? DEFAULT_MAX_IMAGE_PIXELS);
  },
  convert: convertImage,
};
