/**
 * Outlook items (`.msg`): mails, and also the appointments, contacts, tasks and notes Outlook
 * saves in the same container. @kenjiuno/msgreader reads the MAPI properties out of the OLE
 * compound file; attachments, including messages embedded in messages (which it re-packs as
 * `.msg` files of their own), are converted recursively through the registry.
 *
 * Bodies: the HTML body when there is one, else the plain text. Outlook sometimes stores only
 * compressed RTF; that is decompressed and converted through the registry as an RTF document.
 */
import MsgReaderModule, { type FieldsData } from '@kenjiuno/msgreader';
import { decompressRTF } from '@kenjiuno/decompressrtf';
import type { ConversionResult, Converter, ConvertInput } from '../core/types.js';
import { msgDeclaration } from './msg.declaration.js';
import { corruptDocument } from '../../errors.js';
import { convertEmbedded, nestingOf } from '../core/nesting.js';
import { formatAddress, isoDate, mailResult, type MailAttachment } from './mail.js';
import { decodeText } from '../core/decode-text.js';

// The package is CommonJS with `exports.default`: Node's ESM interop puts the class one level
// down, bundler-style interop (vitest) hands it over directly.
const MsgReader = (typeof MsgReaderModule === 'function'
  ? MsgReaderModule
  : MsgReaderModule.default) as unknown as typeof MsgReaderModule.default;
type MsgReader = InstanceType<typeof MsgReader>;

/** Codepages whose 8-bit strings msgreader already decodes right (or that have none). */
const DEFAULT_CODEPAGES = new Set([0, 1200, 1252, 20127, 65001]);

function parseItem(bytes: Uint8Array, ansiEncoding?: string): { reader: MsgReader; fields: FieldsData } {
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const reader = new MsgReader(copy as ArrayBuffer);
  if (ansiEncoding) reader.parserConfig = { ansiEncoding };
  const fields = reader.getFileData();
  if (fields.error) throw new Error(fields.error);
  return { reader, fields };
}

/**
 * Reads the item. Older Outlook items store text in the sender's ANSI codepage (Big5,
 * Shift-JIS, Cyrillic…) and say which in a property, so an item in another codepage is read
 * a second time with it.
 */
function read(bytes: Uint8Array): { reader: MsgReader; fields: FieldsData } {
  try {
    const first = parseItem(bytes);
    const codepage = first.fields.messageCodepage ?? first.fields.internetCodepage ?? 0;
    if (DEFAULT_CODEPAGES.has(codepage)) return first;
    try {
      return parseItem(bytes, `cp${codepage}`);
    } catch {
      return first;
    }
  } catch (err) {
    throw corruptDocument('The Outlook item could not be read', err);
  }
}

/** An SMTP address; Exchange-internal ones ("/O=ORG/OU=…/CN=…") mean nothing to readers. */
function smtp(...candidates: Array<string | undefined>): string | undefined {
  return candidates.find((candidate) => candidate?.includes('@'));
}

function recipients(fields: FieldsData, type: 'to' | 'cc'): string[] {
  return (fields.recipients ?? [])
    .filter((recipient) => (recipient.recipType ?? 'to') === type)
    .map((recipient) => formatAddress(recipient.name, smtp(recipient.smtpAddress, recipient.email)))
    .filter(Boolean);
}

function attachments(reader: MsgReader, fields: FieldsData): MailAttachment[] {
  return (fields.attachments ?? []).flatMap((attachment, index) => {
    try {
      const data = reader.getAttachment(attachment);
      const name = data.fileName?.trim() || attachment.name?.trim() || `attachment-${index + 1}.bin`;
      return [{ name, bytes: data.content }];
    } catch {
      return [];
    }
  });
}

/** The RTF body as text, for items that have no other body. */
async function rtfBody(input: ConvertInput, fields: FieldsData): Promise<string | undefined> {
  if (!fields.compressedRtf) return undefined;
  let rtf: Uint8Array;
  try {
    rtf = Uint8Array.from(decompressRTF(Array.from(fields.compressedRtf)));
  } catch {
    return undefined;
  }
  const outcome = await convertEmbedded(input, nestingOf(input), rtf, 'body.rtf');
  return outcome.ok ? outcome.result.text : undefined;
}

/** The HTML body: a string, or bytes in the encoding the item declares (usually its codepage). */
function htmlBody(fields: FieldsData): string | undefined {
  if (fields.bodyHtml?.trim()) return fields.bodyHtml;
  if (fields.html && fields.html.length > 0) return decodeText(fields.html).text;
  return undefined;
}

async function convertMsg(input: ConvertInput): Promise<ConversionResult> {
  const { reader, fields } = read(input.bytes);
  const html = htmlBody(fields);
  const text = fields.body?.trim() ? fields.body : html ? undefined : await rtfBody(input, fields);
  return mailResult(input, {
    subject: fields.subject,
    from: formatAddress(fields.senderName, smtp(fields.senderSmtpAddress, fields.senderEmail)) || undefined,
    to: recipients(fields, 'to'),
    cc: recipients(fields, 'cc'),
    date: isoDate(fields.clientSubmitTime ?? fields.messageDeliveryTime ?? fields.creationTime),
    html,
    text,
    attachments: attachments(reader, fields),
    extra: fields.messageClass ? { itemType: fields.messageClass } : {},
  });
}

export const msgConverter: Converter = { ...msgDeclaration, convert: convertMsg };
