/**
 * The converters the server has, and the one entry point the pipeline calls. Routing is by the
 * MIME type detected from the bytes (detect.ts), never by what the client claimed.
 */
import type { ConversionResult, Converter, ConvertInput } from './types.js';
import { encryptedDocument, unsupportedFormat } from '../errors.js';
import { docxConverter } from './docx.js';
import { htmlConverter } from './html.js';
import { markdownConverter } from './markdown.js';
import { pdfConverter } from './pdf.js';
import { textConverter } from './text.js';
import { archiveConverter } from './archive.js';
import { emlConverter } from './eml.js';
import { epubConverter } from './epub.js';
import { imageConverter } from './image.js';
import { jsonConverter } from './json.js';
import { isOutlookItem } from './mail-detect.js';
import { msgConverter } from './msg.js';
import { notebookConverter } from './notebook.js';
import { xmlConverter } from './xml.js';
import { csvConverter } from './csv.js';
import { docConverter } from './doc.js';
import { odfConverter } from './odf.js';
import { refineOleMimeType } from './ole.js';
import { pptConverter } from './ppt.js';
import { pptxConverter } from './pptx.js';
import { rtfConverter } from './rtf.js';
import { spreadsheetConverter } from './spreadsheet.js';

export const converters: readonly Converter[] = [
  pdfConverter,
  docxConverter,
  htmlConverter,
  markdownConverter,
  textConverter,
  epubConverter,
  emlConverter,
  msgConverter,
  archiveConverter,
  jsonConverter,
  notebookConverter,
  xmlConverter,
  imageConverter,
  csvConverter,
  spreadsheetConverter,
  pptxConverter,
  odfConverter,
  rtfConverter,
  docConverter,
  pptConverter,
];

const byMimeType = new Map(
  converters.flatMap((converter) => converter.mimeTypes.map((mime) => [mime, converter] as const)),
);

export function converterFor(mimeType: string): Converter | undefined {
  return byMimeType.get(mimeType.split(';')[0]!.trim().toLowerCase());
}

export interface SupportedFormat {
  label: string;
  mimeTypes: string[];
  extensions: string[];
}

/** What the server accepts, for the GraphQL `supportedFormats` field. */
export function supportedFormats(): SupportedFormat[] {
  return converters.map(({ label, mimeTypes, extensions }) => ({
    label,
    mimeTypes: [...mimeTypes],
    extensions: [...extensions],
  }));
}

/** "EncryptedPackage" in UTF-16LE: the stream holding a password-protected OOXML file. */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/**
 * A password-protected DOCX/XLSX/PPTX is not a ZIP at all but an OLE compound file holding an
 * EncryptedPackage stream; without this check it would be reported as an unknown format.
 */
export function isEncryptedOoxml(input: Pick<ConvertInput, 'bytes' | 'mimeType'>): boolean {
  return (
    input.mimeType === 'application/x-cfb' &&
    Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength).includes(
      ENCRYPTED_PACKAGE,
    )
  );
}

/**
 * Converts a document with the converter for its detected MIME type.
 * @throws AppError UNSUPPORTED_FORMAT when no converter handles the type, ENCRYPTED_DOCUMENT
 *   for password-protected Office files, and whatever the converter throws (CORRUPT_DOCUMENT…).
 */
export async function convert(input: ConvertInput): Promise<ConversionResult> {
  input.signal?.throwIfAborted();
  const converter = converterFor(refineOleMimeType(input));
  if (converter) return converter.convert(input);
  // An Outlook item has no main stream at its root; the property stream names it.
  if (input.mimeType === 'application/x-cfb' && isOutlookItem(input.bytes)) {
    return msgConverter.convert(input);
  }
  if (isEncryptedOoxml(input)) throw encryptedDocument();
  throw unsupportedFormat(`Documents of type ${input.mimeType} are not supported yet`);
}
