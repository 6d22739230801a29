/**
 * The converters the server has, and the one entry point the pipeline calls. Routing is by the
 * MIME type detected from the bytes (detect.ts), never by what the client claimed.
 */
import type { ConversionResult, Converter, ConvertInput } from './core/types.js';
import { encryptedDocument, unsupportedFormat } from '../errors.js';
import { docxConverter } from './office/docx.converter.js';
import { htmlConverter } from './web/html.converter.js';
import { markdownConverter } from './web/markdown.converter.js';
import { pdfConverter } from './pdf/pdf.converter.js';
import { textConverter } from './web/text.converter.js';
import { archiveConverter } from './containers/archive.converter.js';
import { emlConverter } from './mail/eml.converter.js';
import { epubConverter } from './containers/epub.converter.js';
import { imageConverter } from './image/image.converter.js';
import { jsonConverter } from './web/json.converter.js';
import { isOutlookItem } from './mail/mail-detect.js';
import { msgConverter } from './mail/msg.converter.js';
import { notebookConverter } from './web/notebook.converter.js';
import { xmlConverter } from './web/xml.converter.js';
import { csvConverter } from './web/csv.converter.js';
import { docConverter } from './legacy/doc.converter.js';
import { odfConverter } from './office/odf.converter.js';
import { refineOleMimeType } from './legacy/ole.js';
import { pptConverter } from './legacy/ppt.converter.js';
import { pptxConverter } from './office/pptx.converter.js';
import { rtfConverter } from './legacy/rtf.converter.js';
import { spreadsheetConverter } from './office/spreadsheet.converter.js';

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
