/**
 * The converters the server has, one line each, and the one entry point the pipeline calls.
 * Routing is by the MIME type detected from the bytes, never by what the client claimed;
 * detection and preflight read each converter's own declarations (`sniff`, `preflight`), so a
 * new format is one converter file and one line here. The order of the list is the tie-break
 * between detection rules of equal priority (core/detect.ts).
 */
import type { Converter, ConvertInput } from './core/types.js';
import { encryptedDocument, unsupportedFormat } from '../errors.js';
import { createRegistry, type ConverterChoice } from './core/registry.js';
import { archiveConverter } from './containers/archive.converter.js';
import { epubConverter } from './containers/epub.converter.js';
import { imageConverter } from './image/image.converter.js';
import { docConverter } from './legacy/doc.converter.js';
import { refineOleMimeType } from './legacy/ole.js';
import { pptConverter } from './legacy/ppt.converter.js';
import { rtfConverter } from './legacy/rtf.converter.js';
import { emlConverter } from './mail/eml.converter.js';
import { isOutlookItem } from './mail/mail-detect.js';
import { msgConverter } from './mail/msg.converter.js';
import { docxConverter } from './office/docx.converter.js';
import { odfConverter } from './office/odf.converter.js';
import { pptxConverter } from './office/pptx.converter.js';
import { spreadsheetConverter } from './office/spreadsheet.converter.js';
import { pdfConverter } from './pdf/pdf.converter.js';
import { csvConverter } from './web/csv.converter.js';
import { htmlConverter } from './web/html.converter.js';
import { jsonConverter } from './web/json.converter.js';
import { markdownConverter } from './web/markdown.converter.js';
import { notebookConverter } from './web/notebook.converter.js';
import { textConverter } from './web/text.converter.js';
import { xmlConverter } from './web/xml.converter.js';

export type { SupportedFormat } from './core/registry.js';

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

/** "EncryptedPackage" in UTF-16LE: the stream holding a password-protected OOXML file. */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/**
 * A password-protected DOCX/XLSX/PPTX is not a ZIP at all but an OLE compound file holding an
 * EncryptedPackage stream; without this check it would be reported as an unknown format.
 */
function isEncryptedOoxml(input: ConverterChoice): boolean {
  return (
    input.mimeType === 'application/x-cfb' &&
    Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength).includes(ENCRYPTED_PACKAGE)
  );
}

export const registry = createRegistry(converters, {
  // Detection sees only the head, where a compound file's directory may not be.
  route: refineOleMimeType,
  fallback(input) {
    // An Outlook item has no main stream at its root; the property stream names it.
    if (input.mimeType === 'application/x-cfb' && isOutlookItem(input.bytes)) return msgConverter;
    if (isEncryptedOoxml(input)) throw encryptedDocument();
    throw unsupportedFormat(`Documents of type ${input.mimeType} are not supported yet`);
  },
});

/**
 * The converter for a detected type and its bytes, or the error that says why there is none.
 * @throws AppError UNSUPPORTED_FORMAT, or ENCRYPTED_DOCUMENT for password-protected Office files
 */
export const resolveConverter = (input: ConverterChoice) => registry.resolve(input);

/** Looks up the converter for a MIME type (parameters such as "; charset" are ignored). */
export const converterFor = (mimeType: string) => registry.converterFor(mimeType);

/**
 * Detects the format of a file from its first bytes (the first 64 KiB). Where the head leaves a
 * provisional verdict (a ZIP or OLE file whose directory is past it), `readAll` is asked for
 * the whole file. Returns null for binary content nobody recognises, and for an empty file.
 */
export const detectFormat = (head: Uint8Array, filename?: string, readAll?: () => Promise<Uint8Array>) =>
  registry.detectFormat(head, filename, readAll);

/** What the server accepts, for the GraphQL `supportedFormats` field. */
export const supportedFormats = () => registry.supportedFormats();

/**
 * Converts a document with the converter for its detected MIME type.
 * @throws AppError UNSUPPORTED_FORMAT when no converter handles the type, ENCRYPTED_DOCUMENT
 *   for password-protected Office files, and whatever the converter throws (CORRUPT_DOCUMENT…).
 */
export const convert = (input: ConvertInput) => registry.convert(input);
