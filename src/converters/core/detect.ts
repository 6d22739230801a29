/**
 * Format detection from the bytes. The client's MIME type and filename are untrusted, so the
 * format comes from magic numbers (file-type, which also looks inside ZIP containers to tell
 * DOCX, XLSX, PPTX, ODF and EPUB apart) and, for text formats without magic, from the content.
 * The filename only chooses between text flavours once the bytes are known to be text.
 */
import { fileTypeFromBuffer } from 'file-type';
import iconv from 'iconv-lite';
import type { DetectedFormat } from './types.js';
import { bomEncoding, isValidUtf8 } from './decode-text.js';
import { oleFormat } from '../legacy/ole.js';
import { sniffDelimited } from '../web/csv.converter.js';
import { EML, isOutlookItem, looksLikeEmail, MSG } from '../mail/mail-detect.js';

/** How much of the head the text checks read: enough to judge, cheap on any upload. */
const TEXT_SNIFF_BYTES = 8 * 1024;
/** Control characters (other than whitespace) allowed in text before it counts as binary. */
const MAX_CONTROL_SHARE = 0.02;

const HTML: DetectedFormat = { mimeType: 'text/html', extension: 'html' };

/** Text formats recognised by extension once the content is known to be text. */
const TEXT_EXTENSIONS: Readonly<Record<string, DetectedFormat>> = {
  html: HTML,
  htm: HTML,
  xhtml: HTML,
  md: { mimeType: 'text/markdown', extension: 'md' },
  markdown: { mimeType: 'text/markdown', extension: 'md' },
  csv: { mimeType: 'text/csv', extension: 'csv' },
  tsv: { mimeType: 'text/tab-separated-values', extension: 'tsv' },
  json: { mimeType: 'application/json', extension: 'json' },
  xml: { mimeType: 'application/xml', extension: 'xml' },
  rss: { mimeType: 'application/xml', extension: 'xml' },
  atom: { mimeType: 'application/xml', extension: 'xml' },
  ipynb: { mimeType: 'application/x-ipynb+json', extension: 'ipynb' },
  eml: EML,
};
const TIFF: DetectedFormat = { mimeType: 'image/tiff', extension: 'tif' };
const PLAIN_TEXT: DetectedFormat = { mimeType: 'text/plain', extension: 'txt' };

/** Share of control characters (other than whitespace) above which "text" is really binary. */
function tooManyControls(text: string): boolean {
  const controls = text.match(/[\u0000-\u0008\u000b\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  return controls > MAX_CONTROL_SHARE * text.length;
}

/**
 * The head as text, or null when it is not text. Text is announced by a BOM, or valid UTF-8,
 * or a legacy 8-bit encoding; binary formats give themselves away by NUL bytes (which text
 * without a UTF-16/32 BOM never has) or by other control characters.
 */
function headAsText(head: Uint8Array): string | null {
  const bom = bomEncoding(head);
  if (!bom && head.includes(0)) return null;
  const text = bom
    ? iconv.decode(head, bom)
    : new TextDecoder(isValidUtf8(head) ? 'utf-8' : 'latin1').decode(head, { stream: true });
  return tooManyControls(text) ? null : text;
}

/**
 * HTML if the first markup, after a BOM, whitespace, comments and an XML declaration, is an
 * HTML doctype or an <html>, <head> or <body> tag.
 */
function looksLikeHtml(text: string): boolean {
  const start = text
    .replace(/^\uFEFF/, '')
    .replace(/^(?:\s+|<!--[\s\S]*?-->|<\?xml[^>]*\?>)*/, '')
    .slice(0, 512);
  return /^<(?:!doctype\s+html|html|head|body)[\s>/]/i.test(start);
}

/**
 * file-type follows a TIFF's first directory to classify it, and multi-page scans often put that
 * directory past the head it is given; the byte-order mark and 42 are signature enough.
 */
function isTiffHeader(head: Uint8Array): boolean {
  const signature = Array.from(head.subarray(0, 4)).join(',');
  return signature === '73,73,42,0' || signature === '77,77,0,42';
}

function extensionOf(filename: string | undefined): string {
  const match = /\.([A-Za-z0-9]+)$/.exec(filename?.trim() ?? '');
  return match?.[1]?.toLowerCase() ?? '';
}

/**
 * Detects the format of a file from its first bytes (the first 64 KiB suffice). Returns null for
 * binary content nobody recognises, and for an empty file, which has no format to convert.
 */
export async function detectFormat(
  head: Uint8Array,
  filename?: string,
): Promise<DetectedFormat | null> {
  // A UTF-16 BOM (FF FE) doubles as an MPEG audio frame sync, so text with such a BOM is not
  // offered to the magic-number matchers at all.
  const bom = bomEncoding(head);
  const magic = bom && bom !== 'utf-8' ? undefined : await fileTypeFromBuffer(head);
  const byMagic = magic && { mimeType: magic.mime, extension: magic.ext };
  // file-type calls every OLE compound file x-cfb; DOC, XLS and PPT differ by their main stream.
  if (magic?.mime === 'application/x-cfb') {
    return oleFormat(head) ?? (isOutlookItem(head) ? MSG : byMagic!);
  }
  // XHTML starts with an XML declaration, which is all file-type looks at.
  if (byMagic && magic.ext !== 'xml') return byMagic;
  if (!byMagic && isTiffHeader(head)) return TIFF;

  const text = head.length > 0 ? headAsText(head.subarray(0, TEXT_SNIFF_BYTES)) : null;
  if (text !== null && looksLikeHtml(text)) return HTML;
  if (byMagic) return byMagic;
  if (text === null) return null;
  // Mail has no magic number: its header block is the signature.
  if (looksLikeEmail(text)) return EML;
  const extension = extensionOf(filename);
  return TEXT_EXTENSIONS[extension] ?? sniffDelimited(text, extension) ?? PLAIN_TEXT;
}
