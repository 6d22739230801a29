/**
 * Bytes → string for text formats that carry no reliable encoding label. Uploads come from
 * every kind of system, so UTF-8 is only assumed when the bytes actually are valid UTF-8;
 * otherwise chardet's statistical guess picks the legacy code page (latin1, cp1252, Shift_JIS…).
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';

export interface DecodedText {
  text: string;
  /** The encoding used, as iconv-lite names it. */
  encoding: string;
}

/** chardet reads this much; more does not change its guess but costs time. */
const SNIFF_BYTES = 64 * 1024;

const BOMS: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  // UTF-32LE must be tested before UTF-16LE: its BOM starts with the UTF-16LE one.
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/** The encoding announced by a byte-order mark, if the bytes start with one. */
export function bomEncoding(bytes: Uint8Array): string | null {
  const bom = BOMS.find(({ bytes: mark }) => mark.every((byte, i) => bytes[i] === byte));
  return bom?.encoding ?? null;
}

/**
 * True when the bytes are valid UTF-8. In streaming mode the decoder tolerates a multi-byte
 * sequence cut off at the end, which matters because callers often pass only the file's head.
 */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * ISO-8859-1 labels are read as windows-1252, as browsers do: real files labelled latin1 use
 * the 0x80–0x9F range for curly quotes and dashes, never for the C1 control codes.
 */
function canonicalEncoding(label: string): string | null {
  const name = label.trim().toLowerCase();
  if (name === 'iso-8859-1' || name === 'latin1' || name === 'us-ascii' || name === 'ascii') {
    return 'windows-1252';
  }
  return iconv.encodingExists(name) ? name : null;
}

function decodeWith(bytes: Uint8Array, encoding: string): DecodedText {
  // iconv-lite strips a BOM by default, so the text never starts with U+FEFF.
  return { text: iconv.decode(bytes, encoding), encoding };
}

/**
 * Decodes text: a byte-order mark wins, then an encoding declared inside the document (an HTML
 * `<meta charset>`), then UTF-8 if the bytes are valid UTF-8, then chardet's guess.
 */
export function decodeText(bytes: Uint8Array, declared?: string | null): DecodedText {
  const bom = bomEncoding(bytes);
  if (bom) return decodeWith(bytes, bom);
  const label = declared ? canonicalEncoding(declared) : null;
  if (label) return decodeWith(bytes, label);
  if (isValidUtf8(bytes)) return decodeWith(bytes, 'utf-8');
  const guess = chardet.detect(bytes.subarray(0, SNIFF_BYTES));
  return decodeWith(bytes, (guess && canonicalEncoding(guess)) ?? 'windows-1252');
}

/**
 * Normalises line endings and drops control characters other than tab and newline, which
 * otherwise leak into the index and break JSON consumers that dislike them.
 */
export function normaliseNewlines(text: string): string {
  return text
    .replace(/\r\n?|\f/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/^\uFEFF/, '');
}
