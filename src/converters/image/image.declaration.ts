/**
 * Images, read by OCR (image.converter.ts). file-type's magic numbers recognise them; only
 * TIFF and HEIF brands file-type does not know need a test of their own. The pixel-count preflight runs in the sandbox before the
 * conversion, so it imports the header readers (pixels.ts) only when called.
 */
import type { ConverterDeclaration, DetectedFormat } from '../core/types.js';
import { HEIC, HEIF_MIME_TYPES, isHeifHeader } from './heic.js';

const TIFF: DetectedFormat = { mimeType: 'image/tiff', extension: 'tif' };

/** Little- or big-endian TIFF: the byte-order mark followed by 42. */
function isTiffHeader(head: Uint8Array): boolean {
  const signature = Array.from(head.subarray(0, 4)).join(',');
  return signature === '73,73,42,0' || signature === '77,77,0,42';
}

export const imageDeclaration: ConverterDeclaration = {
  id: 'image-ocr',
  version: '2',
  label: 'Image (OCR)',
  mimeTypes: [TIFF.mimeType, 'image/png', 'image/jpeg', 'image/webp', 'image/bmp', 'image/gif', ...HEIF_MIME_TYPES],
  extensions: ['tif', 'tiff', 'png', 'jpg', 'jpeg', 'webp', 'bmp', 'gif', 'heic', 'heif'],
  // file-type follows a TIFF's first directory to classify it, and multi-page scans often put
  // that directory past the head it is given; the byte-order mark and 42 are signature enough.
  // HEIF brands file-type does not name (a vendor brand first, `heic` among the compatible ones)
  // are found by their ftyp box.
  sniff: { binary: (head) => (isTiffHeader(head) ? TIFF : isHeifHeader(head) ? HEIC : null) },
  // Reading the declared dimensions costs no decoding; convert checks them again per frame.
  preflight: async (input, limits) => (await import('./pixels.js')).checkImagePixels(input, limits),
};
