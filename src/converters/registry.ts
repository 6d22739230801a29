/**
 * The converters the server has, one line each, and the one entry point the pipeline calls.
 * Routing is by the MIME type detected from the bytes, never by what the client claimed;
 * detection and preflight read each format's own declaration (`sniff`, `preflight`), so a
 * new format is a declaration file, a converter file and one line here. The order of the list is the tie-break
 * between detection rules of equal priority (core/detect.ts).
 */
import type { ConvertInput, LazyConverter } from './core/types.js';
import { encryptedDocument, unsupportedFormat } from '../errors.js';
import { createRegistry, lazy, type ConverterChoice } from './core/registry.js';
import { isEncryptedOoxml } from './core/zip-package.js';
import { archiveDeclaration } from './containers/archive.declaration.js';
import { epubDeclaration } from './containers/epub.declaration.js';
import { imageDeclaration } from './image/image.declaration.js';
import { docDeclaration } from './legacy/doc.declaration.js';
import { refineOleMimeType } from './legacy/ole-sniff.js';
import { pptDeclaration } from './legacy/ppt.declaration.js';
import { rtfDeclaration } from './legacy/rtf.declaration.js';
import { emlDeclaration } from './mail/eml.declaration.js';
import { isOutlookItem } from './mail/mail-detect.js';
import { msgDeclaration } from './mail/msg.declaration.js';
import { docxDeclaration } from './office/docx.declaration.js';
import { odfDeclaration } from './office/odf.declaration.js';
import { pptxDeclaration } from './office/pptx.declaration.js';
import { spreadsheetDeclaration } from './office/spreadsheet.declaration.js';
import { pdfDeclaration } from './pdf/pdf.declaration.js';
import { csvDeclaration } from './web/csv.declaration.js';
import { htmlDeclaration } from './web/html.declaration.js';
import { jsonDeclaration } from './web/json.declaration.js';
import { markdownDeclaration } from './web/markdown.declaration.js';
import { notebookDeclaration } from './web/notebook.declaration.js';
import { textDeclaration } from './web/text.declaration.js';
import { xmlDeclaration } from './web/xml.declaration.js';

export type { SupportedFormat } from './core/registry.js';

/**
 * Each line: a format's declaration (cheap: names and detection rules) and the import of its
 * converter, run the first time a file of that format is converted. Importing this module
 * therefore loads no PDF engine, OCR or Office library; a Markdown file never loads them.
 */
const msg = lazy(msgDeclaration, async () => (await import('./mail/msg.converter.js')).msgConverter);

export const converters: readonly LazyConverter[] = [
  lazy(pdfDeclaration, async () => (await import('./pdf/pdf.converter.js')).pdfConverter),
  lazy(docxDeclaration, async () => (await import('./office/docx.converter.js')).docxConverter),
  lazy(htmlDeclaration, async () => (await import('./web/html.converter.js')).htmlConverter),
  lazy(markdownDeclaration, async () => (await import('./web/markdown.converter.js')).markdownConverter),
  lazy(textDeclaration, async () => (await import('./web/text.converter.js')).textConverter),
  lazy(epubDeclaration, async () => (await import('./containers/epub.converter.js')).epubConverter),
  lazy(emlDeclaration, async () => (await import('./mail/eml.converter.js')).emlConverter),
  msg,
  lazy(archiveDeclaration, async () => (await import('./containers/archive.converter.js')).archiveConverter),
  lazy(jsonDeclaration, async () => (await import('./web/json.converter.js')).jsonConverter),
  lazy(notebookDeclaration, async () => (await import('./web/notebook.converter.js')).notebookConverter),
  lazy(xmlDeclaration, async () => (await import('./web/xml.converter.js')).xmlConverter),
  lazy(imageDeclaration, async () => (await import('./image/image.converter.js')).imageConverter),
  lazy(csvDeclaration, async () => (await import('./web/csv.converter.js')).csvConverter),
  lazy(spreadsheetDeclaration, async () => (await import('./office/spreadsheet.converter.js')).spreadsheetConverter),
  lazy(pptxDeclaration, async () => (await import('./office/pptx.converter.js')).pptxConverter),
  lazy(odfDeclaration, async () => (await import('./office/odf.converter.js')).odfConverter),
  lazy(rtfDeclaration, async () => (await import('./legacy/rtf.converter.js')).rtfConverter),
  lazy(docDeclaration, async () => (await import('./legacy/doc.converter.js')).docConverter),
  lazy(pptDeclaration, async () => (await import('./legacy/ppt.converter.js')).pptConverter),
];

/**
 * A password-protected DOCX/XLSX/PPTX is detected as a compound file nobody converts; without
 * this check it would be reported as an unknown format.
 */
const isEncryptedOoxmlChoice = (input: ConverterChoice) => input.mimeType === 'application/x-cfb' && isEncryptedOoxml(input.bytes);

export const registry = createRegistry(converters, {
  // Detection sees only the head, where a compound file's directory may not be.
  route: refineOleMimeType,
  fallback(input) {
    // An Outlook item has no main stream at its root; the property stream names it.
    if (input.mimeType === 'application/x-cfb' && isOutlookItem(input.bytes)) return msg;
    if (isEncryptedOoxmlChoice(input)) throw encryptedDocument();
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
