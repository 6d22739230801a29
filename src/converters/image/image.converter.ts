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
import UTIF from 'utif2';
import type { ConversionResult, Converter, ConvertInput } from '../core/types.js';
import { imageDeclaration } from './image.declaration.js';
import { corruptDocument } from '../../errors.js';
import { DEFAULT_MAX_IMAGE_PIXELS, imagePixels, pageSize, tiffPages } from './pixels.js';
import { encodeRgba } from './pnm.js';
import { readPage } from './read-page.js';
import { HEIF_MIME_TYPES, heicFrames } from './heic.js';
import { sectionedResult } from '../core/result.js';

const TIFF_MIME = 'image/tiff';

interface Frame {
  width: number;
  height: number;
  /** Bytes tesseract can read (PNG, JPEG, BMP, WEBP, GIF, PNM), produced on demand. */
  encode: () => Promise<Uint8Array>;
}

/**
 * TIFF frames: utif2 reads the directories without decoding; each frame is decoded only when
 * its turn comes, and handed to tesseract as PNM (pnm.ts: grey stays grey, colour stays
 * colour), since tesseract reads only a TIFF's first frame and PNM costs no encoding here nor
 * decoding in its worker.
 */
function tiffFrames(bytes: Uint8Array, maxPixels: number): Frame[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pages = tiffPages(buffer, maxPixels);
  return pages.map((ifd) => {
    const { width, height } = pageSize(ifd);
    return {
      width,
      height,
      encode: async () => {
        try {
          UTIF.decodeImage(buffer, ifd);
          return encodeRgba(UTIF.toRGBA8(ifd), width, height);
        } catch (err) {
          throw corruptDocument('A frame of the TIFF image could not be decoded', err);
        }
      },
    };
  });
}

/** Every other format: one frame (an animated GIF's first), read by tesseract as it is. */
function singleFrame(bytes: Uint8Array, maxPixels: number): Frame[] {
  const { width, height } = imagePixels(bytes, maxPixels);
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
  const frames = await framesOf(input.bytes, input.mimeType, maxPixels);
  const sections = frames.map(() => ({ markdown: '' }));
  const confidences: number[] = [];
  const languages = new Set<string>();
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
          const result = await readPage(image, options.languages, { workers: options.ocrWorkers });
          confidences.push(result.confidence);
          languages.add(result.languages[0]!);
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
        ? {
            ocrConfidence: Math.round(confidences.reduce((a, b) => a + b, 0) / confidences.length),
            // The language each page was found to be in (tesseract codes), in order of first use.
            ocrLanguages: [...languages],
          }
        : { warnings: ['OCR is off: the image text was not extracted'] }),
    },
  });
  const ocr = options.ocr !== 'OFF';
  return { ...result, pages: result.pages.map((page) => ({ ...page, ocr })) };
}

/**
 * The image's frames, their pixel counts checked against the limit before anything is decoded.
 * @throws AppError RESOURCE_LIMIT, CORRUPT_DOCUMENT
 */
async function framesOf(bytes: Uint8Array, mimeType: string, maxPixels: number): Promise<Frame[]> {
  if (mimeType === TIFF_MIME) return tiffFrames(bytes, maxPixels);
  if ((HEIF_MIME_TYPES as readonly string[]).includes(mimeType)) return heicFrames(bytes, maxPixels);
  return singleFrame(bytes, maxPixels);
}

export const imageConverter: Converter = { ...imageDeclaration, convert: convertImage };
