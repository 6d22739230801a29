/**
 * Internet mail (RFC 822/5322 `.eml`, also what mail clients export and what `message/rfc822`
 * attachments hold). postal-mime does the MIME work: transfer encodings, charsets,
 * encoded-word headers, multipart/alternative (it picks the HTML and the text part) and nested
 * messages, which it hands back as attachments that are converted as messages again.
 */
import PostalMime, { type Address, type Email } from 'postal-mime';
import type { ConversionResult, Converter, ConvertInput } from '../core/types.js';
import { emlDeclaration } from './eml.declaration.js';
import { corruptDocument } from '../../errors.js';
import { decodeText, unicodeEncoding } from '../core/decode-text.js';
import { formatAddress, isoDate, mailResult, type MailAttachment } from './mail.js';

/** Header bytes postal-mime reads per part before giving up: real headers are far smaller. */
const MAX_HEADERS_BYTES = 1024 * 1024;

function addressList(addresses: Address[] | undefined): string[] {
  return (addresses ?? [])
    .flatMap((address) =>
      address.group
        ? address.group.map((member) => formatAddress(member.name, member.address))
        : [formatAddress(address.name, address.address)],
    )
    .filter(Boolean);
}

/** Extensions for attachments sent without a name, so detection can still use the name. */
const EXTENSION_BY_TYPE: Readonly<Record<string, string>> = {
  'message/rfc822': 'eml',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/calendar': 'ics',
};

function attachments(email: Email): MailAttachment[] {
  return email.attachments.map((attachment, index) => {
    const content = attachment.content;
    const bytes =
      typeof content === 'string' ? new TextEncoder().encode(content) : content instanceof Uint8Array ? content : new Uint8Array(content);
    const extension = EXTENSION_BY_TYPE[attachment.mimeType.toLowerCase()] ?? 'bin';
    return { name: attachment.filename?.trim() || `attachment-${index + 1}.${extension}`, bytes };
  });
}

/**
 * MIME is a byte protocol over ASCII-compatible text; a message file saved as UTF-16/32 (by a
 * Windows tool, with or without BOM) is first turned back into the UTF-8 bytes it stands for.
 */
function asciiCompatible(bytes: Uint8Array): Uint8Array {
  const wide = unicodeEncoding(bytes);
  return wide && wide !== 'utf-8' ? new TextEncoder().encode(decodeText(bytes).text) : bytes;
}

async function parse(bytes: Uint8Array): Promise<Email> {
  try {
    return await PostalMime.parse(asciiCompatible(bytes), {
      attachmentEncoding: 'arraybuffer',
      maxHeadersSize: MAX_HEADERS_BYTES,
      // Forwarded messages are attachments to convert, not parts to merge into this body.
      forceRfc822Attachments: true,
    });
  } catch (err) {
    throw corruptDocument('The e-mail message could not be read', err);
  }
}

async function convertEml(input: ConvertInput): Promise<ConversionResult> {
  const email = await parse(input.bytes);
  const from = email.from ? addressList([email.from])[0] : undefined;
  return mailResult(input, {
    subject: email.subject,
    from,
    to: addressList(email.to),
    cc: addressList(email.cc),
    date: isoDate(email.date),
    html: email.html,
    text: email.text,
    attachments: attachments(email),
    extra: email.messageId ? { messageId: email.messageId } : {},
  });
}

export const emlConverter: Converter = { ...emlDeclaration, convert: convertEml };
