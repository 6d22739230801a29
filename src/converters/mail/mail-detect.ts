/**
 * Recognising mail from its bytes. An RFC 822 message has no magic number: it is text that
 * starts with a header block. An Outlook item is an OLE compound file like DOC or XLS, told
 * apart by the property stream every Outlook item has.
 */
import type { DetectedFormat } from '../core/types.js';

export const EML: DetectedFormat = { mimeType: 'message/rfc822', extension: 'eml' };
export const MSG: DetectedFormat = { mimeType: 'application/vnd.ms-outlook', extension: 'msg' };

/** Name (UTF-16LE, as OLE directories store names) of a stream every Outlook item has. */
const OUTLOOK_PROPERTIES = Buffer.from('__properties_version1.0', 'utf16le');

/** True for an OLE compound file that is an Outlook item rather than a Word/Excel file. */
export function isOutlookItem(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(OUTLOOK_PROPERTIES);
}

/** Headers only mail has; one of them must be present. */
const MAIL_ONLY = new Set([
  'from',
  'received',
  'message-id',
  'mime-version',
  'return-path',
  'delivered-to',
  'dkim-signature',
  'x-mailer',
  'in-reply-to',
  'x-notes-item',
]);
/** Headers common in mail; together with a mail-only one they make the head a header block. */
const MAIL_COMMON = new Set(['to', 'cc', 'subject', 'date', 'content-type', 'reply-to', 'sender', 'references']);
const HEADER_FIELD = /^([!-9;-~]+):/;

/**
 * True when the text starts with an RFC 5322 header block: nothing but header fields (and their
 * folded continuation lines) up to the first blank line, with at least one header that only mail
 * has and three mail headers in all. An mbox "From " envelope line may come first.
 */
export function looksLikeEmail(text: string): boolean {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.startsWith('From ')) lines.shift();
  const names = new Set<string>();
  let fields = 0;
  for (const [index, line] of lines.entries()) {
    if (line === '') break;
    // The last line of the sniffed head may be cut anywhere.
    if (index === lines.length - 1) break;
    if (/^[ \t]/.test(line) && fields > 0) continue;
    const name = HEADER_FIELD.exec(line)?.[1]?.toLowerCase();
    if (!name) return false;
    names.add(name);
    fields += 1;
  }
  const known = [...names].filter((name) => MAIL_ONLY.has(name) || MAIL_COMMON.has(name));
  return known.length >= 3 && known.some((name) => MAIL_ONLY.has(name));
}
