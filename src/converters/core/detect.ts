/**
 * Format detection from the bytes. The client's MIME type and filename are untrusted, so the
 * format comes from magic numbers (file-type, which also looks inside ZIP containers to tell
 * DOCX, XLSX, PPTX, ODF and EPUB apart) and, for text formats without magic, from the content.
 * The filename only chooses between text flavours once the bytes are known to be text.
 *
 * Everything format-specific is declared by the converters (`Converter.sniff`); this module only
 * runs the declarations, step by step, in an order that matters:
 * 1. file-type's magic numbers. A verdict that covers several formats (every OLE file is
 *    "x-cfb", XHTML is "xml", a package whose telling entry is not in the head is "zip") is
 *    first offered to the `refine` tests declared for it; without a refinement the verdict
 *    stands. Where the answer may lie past the head (a ZIP's central directory, an OLE
 *    directory), the refinement is marked `wholeFile` and the verdict is provisional: given
 *    `readAll`, detection runs again on the whole file.
 * 2. `binary` tests, for binary heads file-type does not know (e.g. TIFF with a far directory).
 * 3. For text: `text` content tests (HTML, mail headers), then the filename's `textExtensions`,
 *    then the `fallback` content tests (delimited data, and plain text as the catch-all).
 * Within a step, declarations run by ascending `sniff.priority`, ties in registry order.
 */
import { fileTypeFromBuffer } from 'file-type';
import iconv from 'iconv-lite';
import type { ConverterDeclaration, DetectedFormat, FormatRefinement, FormatSniff } from './types.js';
import { bomEncoding, isValidUtf8, unicodeEncoding } from './decode-text.js';

/** How much of the head the text checks read: enough to judge, cheap on any upload. */
const TEXT_SNIFF_BYTES = 8 * 1024;
/** Control characters (other than whitespace) allowed in text before it counts as binary. */
const MAX_CONTROL_SHARE = 0.02;

/** Share of control characters (other than whitespace) above which "text" is really binary. */
function tooManyControls(text: string): boolean {
  const controls = text.match(/[\u0000-\u0008\u000b\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  return controls > MAX_CONTROL_SHARE * text.length;
}

/**
 * The head as text, or null when it is not text. Text is UTF-16/32 (by BOM or by the pattern of
 * its NUL bytes), or valid UTF-8, or a legacy 8-bit encoding (read as latin1: enough to sniff);
 * binary formats give themselves away by other NUL bytes or by other control characters.
 */
function headAsText(head: Uint8Array): string | null {
  const unicode = unicodeEncoding(head);
  if (!unicode && head.includes(0)) return null;
  const text = unicode
    ? iconv.decode(head, unicode)
    : new TextDecoder(isValidUtf8(head) ? 'utf-8' : 'latin1').decode(head, { stream: true });
  return tooManyControls(text) ? null : text;
}

function extensionOf(filename: string | undefined): string {
  const match = /\.([A-Za-z0-9]+)$/.exec(filename?.trim() ?? '');
  return match?.[1]?.toLowerCase() ?? '';
}

/** The sniff declarations of a converter list, ordered for detection. */
function sniffsOf(converters: readonly ConverterDeclaration[]): FormatSniff[] {
  return converters
    .flatMap((converter) => (converter.sniff ? [converter.sniff] : []))
    .map((sniff, order) => ({ sniff, order }))
    .sort((a, b) => (a.sniff.priority ?? 0) - (b.sniff.priority ?? 0) || a.order - b.order)
    .map(({ sniff }) => sniff);
}

/** The first non-null answer of `test` over the items (sniffs, refinements), in their order. */
function firstOf<S, T>(items: readonly S[], test: (item: S) => T | null | undefined): T | null {
  for (const item of items) {
    const found = test(item);
    if (found) return found;
  }
  return null;
}

export interface Detector {
  /** The format from the head; the whole file is read (`readAll`) only for a provisional verdict. */
  (head: Uint8Array, filename?: string, readAll?: () => Promise<Uint8Array>): Promise<DetectedFormat | null>;
  /** True for a verdict from the head that the whole file may narrow ("application/zip"). */
  isProvisional(mimeType: string): boolean;
}

function refinementsOf(sniff: FormatSniff): readonly FormatRefinement[] {
  return sniff.refine === undefined ? [] : Array.isArray(sniff.refine) ? sniff.refine : [sniff.refine as FormatRefinement];
}

/**
 * A detector for the formats a converter list declares. It reads declarations only, never
 * `convert`, so it works on the cheap part of a converter. Extensions are held in a Map, so a
 * filename such as "x.constructor" finds nothing rather than an Object.prototype member.
 */
export function createDetector(converters: readonly ConverterDeclaration[]): Detector {
  const sniffs = sniffsOf(converters);
  const byExtension = new Map(sniffs.flatMap((sniff) => sniff.textExtensions ?? []));
  const provisional = new Set(sniffs.flatMap(refinementsOf).flatMap((refinement) => (refinement.wholeFile ? [refinement.of] : [])));
  const detect = async (head: Uint8Array, filename?: string): Promise<DetectedFormat | null> => {
    // A UTF-16 BOM (FF FE) doubles as an MPEG audio frame sync, so text with such a BOM is not
    // offered to the magic-number matchers at all.
    const bom = bomEncoding(head);
    const magic = bom && bom !== 'utf-8' ? undefined : await fileTypeFromBuffer(head);
    let decoded: string | null | undefined;
    const text = () => (decoded ??= head.length > 0 ? headAsText(head.subarray(0, TEXT_SNIFF_BYTES)) : null);
    if (magic) {
      const refined = firstOf(sniffs, (sniff) =>
        firstOf(refinementsOf(sniff), (refinement) => (refinement.of === magic.mime ? refinement.test(head, text) : null)),
      );
      return refined ?? { mimeType: magic.mime, extension: magic.ext };
    }
    const binary = firstOf(sniffs, (sniff) => sniff.binary?.(head));
    if (binary) return binary;
    const content = text();
    if (content === null) return null;
    const extension = extensionOf(filename);
    return (
      firstOf(sniffs, (sniff) => sniff.text?.(content)) ??
      byExtension.get(extension) ??
      firstOf(sniffs, (sniff) => sniff.fallback?.(content, extension))
    );
  };
  const detector = async (head: Uint8Array, filename?: string, readAll?: () => Promise<Uint8Array>) => {
    const format = await detect(head, filename);
    return format && readAll && provisional.has(format.mimeType) ? detect(await readAll(), filename) : format;
  };
  return Object.assign(detector, { isProvisional: (mimeType: string) => provisional.has(mimeType) });
}
