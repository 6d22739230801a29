/**
 * What EML and MSG have in common once parsed: a message becomes a Markdown document with the
 * subject as its title, a short header block (who, to whom, when), the body, and one section per
 * attachment with the attachment's own converted text. Attachments go through the registry like
 * uploads (so a PDF attachment is OCR'd, a ZIP attachment is unpacked, a forwarded message is a
 * message again), under the nesting limits of the whole upload.
 */
import type { ConversionResult, ConvertInput, DocumentMetadata } from '../core/types.js';
import { parseHtmlDocument } from '../core/dom.js';
import { admitEntry, convertEmbedded, demoteHeadings, embeddedSection, nestingOf } from '../core/nesting.js';
import { elementToMarkdown } from '../core/html-to-markdown.js';
import { normaliseNewlines } from '../core/decode-text.js';
import { unpagedResult } from '../core/result.js';
import { escapeInline } from '../core/structure-list.js';

export interface MailAttachment {
  name: string;
  bytes: Uint8Array;
}

export interface MailMessage {
  subject?: string;
  from?: string;
  to: string[];
  cc: string[];
  /** ISO 8601 when the date could be parsed, else as written. */
  date?: string;
  html?: string;
  text?: string;
  attachments: MailAttachment[];
  /** Further facts for metadata (message id, mailer, item type). */
  extra?: DocumentMetadata;
}

/** "Name <address>" or whichever half exists. */
export function formatAddress(name: string | undefined, address: string | undefined): string {
  const cleanName = name?.trim().replace(/^["']|["']$/g, '') ?? '';
  const cleanAddress = address?.trim() ?? '';
  if (cleanName && cleanAddress && cleanName !== cleanAddress) return `${cleanName} <${cleanAddress}>`;
  return cleanName || cleanAddress;
}

/** A date header as ISO 8601 when JavaScript can read it, so dates sort and filter. */
export function isoDate(value: string | undefined): string | undefined {
  if (!value?.trim()) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value.trim() : new Date(time).toISOString();
}

function headerBlock(message: MailMessage): string {
  const rows: Array<[string, string | undefined]> = [
    ['From', message.from],
    ['To', message.to.join(', ')],
    ['Cc', message.cc.join(', ')],
    ['Date', message.date],
  ];
  return rows
    .filter(([, value]) => value?.trim())
    .map(([label, value]) => `- **${label}:** ${escapeInline(value!)}`)
    .join('\n');
}

/** The body as Markdown: the HTML part through the shared HTML path, else the plain text. */
function bodyMarkdown(message: MailMessage): string {
  if (message.html?.trim()) {
    const markdown = elementToMarkdown(parseHtmlDocument(message.html).body).trim();
    if (markdown) return demoteHeadings(markdown, 1);
  }
  return normaliseNewlines(message.text ?? '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Renders a parsed message, converting its attachments recursively. */
export async function mailResult(input: ConvertInput, message: MailMessage): Promise<ConversionResult> {
  const nesting = nestingOf(input);
  const subject = message.subject?.replace(/\s+/g, ' ').trim() ?? '';
  const parts = [subject ? `# ${escapeInline(subject)}` : '', headerBlock(message), bodyMarkdown(message)];
  const warnings: string[] = [];
  const attachmentNames: string[] = [];
  for (const attachment of message.attachments) {
    input.signal?.throwIfAborted();
    admitEntry(nesting);
    attachmentNames.push(attachment.name);
    const outcome = await convertEmbedded(input, nesting, attachment.bytes, attachment.name);
    if (!outcome.ok) warnings.push(`${attachment.name}: not extracted (${outcome.reason})`);
    parts.push(embeddedSection(`Attachment: ${escapeInline(attachment.name)}`, 2, outcome));
  }
  const metadata: DocumentMetadata = {
    ...message.extra,
    ...(message.from ? { authors: [message.from] } : {}),
    ...(message.date ? { created: message.date } : {}),
    ...(subject ? { subject } : {}),
    to: message.to,
    cc: message.cc,
    attachments: attachmentNames,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  const markdown = parts.filter((part) => part.trim()).join('\n\n');
  return unpagedResult(markdown, { title: subject || null, metadata });
}
