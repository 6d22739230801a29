/**
 * Bytes → string for text formats that carry no reliable encoding label. Uploads come from
 * every kind of system, so the encoding is found in steps: a byte-order mark, a declared
 * label, strict UTF-8, UTF-16/32 by the pattern of their NUL bytes, and last a legacy code page
 * chosen among candidates (chardet's guesses and the common CJK, Cyrillic and Western pages) by
 * how plausible the text each one gives is: chardet alone misreads short files (a 70-byte
 * Shift-JIS CSV came out as cp1252 mojibake).
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
 * UTF-16 or UTF-32 without a byte-order mark, told by where the NUL bytes fall: the high bytes
 * of Latin, Cyrillic and ASCII characters (digits, punctuation, newlines, which CJK text has
 * too) are zero. The decoded text must then be text: no lone surrogates, few controls, no
 * unassigned or private-use characters (which random binary data gives in plenty).
 */
export function wideEncoding(bytes: Uint8Array): string | null {
  const length = Math.min(bytes.length, SNIFF_BYTES) & ~3;
  if (length < 4) return null;
  const zeros = [0, 0, 0, 0];
  for (let i = 0; i < length; i += 1) if (bytes[i] === 0) zeros[i % 4]! += 1;
  const [z0, z1, z2, z3] = zeros as [number, number, number, number];
  const quads = length / 4;
  const pairs = length / 2;
  const candidates: string[] = [];
  if (z3 === quads && z2 >= 0.9 * quads && z0 < quads) candidates.push('utf-32le');
  if (z0 === quads && z1 >= 0.9 * quads && z3 < quads) candidates.push('utf-32be');
  // Legacy text has no NULs at all, so even a few on one side only (CJK text with a newline or
  // a digit here and there) say UTF-16; a CJK character ending in 00 puts one on the other side.
  const oneSided = (high: number, low: number) => high > 0 && low <= high / 4 + pairs / 100;
  if (oneSided(z1 + z3, z0 + z2)) candidates.push('utf-16le');
  if (oneSided(z0 + z2, z1 + z3)) candidates.push('utf-16be');
  return (
    candidates.find((encoding) => {
      const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, length), encoding);
      const odd = text.match(
        /[\u0000-\u0008\u000b\u000e-\u001f\ufffd\p{Cn}\p{Co}]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu,
      );
      return (odd?.length ?? 0) <= 0.01 * text.length;
    }) ?? null
  );
}

/** The Unicode encoding the bytes announce (BOM) or show (NUL pattern), or null. */
export function unicodeEncoding(bytes: Uint8Array): string | null {
  return bomEncoding(bytes) ?? wideEncoding(bytes);
}

/** Legacy code pages tried whatever chardet says; on a tie the earlier wins. */
const LEGACY_CANDIDATES = ['shift_jis', 'euc-kr', 'gb18030', 'big5', 'windows-1251', 'windows-1252'] as const;
/** Non-ASCII characters judged; more do not change the verdict. */
const JUDGED_CHARS = 4096;

/** The lead byte ranges of each double-byte page's frequent characters (symbols, kana, level-1 ideographs, hangul). */
const FREQUENT_LEADS: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>> = {
  shift_jis: [
    [0x81, 0x84],
    [0x88, 0x98],
  ],
  'euc-kr': [
    [0xa1, 0xac],
    [0xb0, 0xc8],
  ],
  gb18030: [
    [0xa1, 0xa9],
    [0xb0, 0xd7],
  ],
  big5: [
    [0xa1, 0xa3],
    [0xa4, 0xc6],
  ],
};
/** EUC-KR, GB18030 and Big5 keep their frequent characters' trail bytes high too. */
const HIGH_TRAIL = new Set(['euc-kr', 'gb18030']);

function frequentInPage(char: string, encoding: string): boolean {
  const encoded = iconv.encode(char, encoding);
  if (encoded.length !== 2) return false;
  const [lead, trail] = [encoded[0]!, encoded[1]!];
  if (HIGH_TRAIL.has(encoding) && trail < 0xa1) return false;
  return FREQUENT_LEADS[encoding]!.some(([low, high]) => lead >= low && lead <= high);
}

/** Punctuation and signs real Western and Cyrillic text uses. */
const COMMON_SIGNS =
  /[\u00a0\u00a7\u00a9\u00ab\u00b0\u00b1\u00b2\u00b3\u00b5\u00b7\u00bb\u00bd\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u20ac\u2116]/u;

/**
 * Share (0–1) of the non-ASCII characters of `text` that are plausible in `encoding`: for a
 * double-byte page, characters from its frequent rows; for a single-byte page, letters of its
 * script inside words written in one script and one case pattern (lower, Capitalised, UPPER),
 * and for Western pages no more than two accented letters in a row.
 */
function plausibility(text: string, encoding: string): number {
  let judged = 0;
  let plausible = 0;
  if (FREQUENT_LEADS[encoding]) {
    for (const char of text) {
      if (char.charCodeAt(0) < 0x80) continue;
      judged += 1;
      if (frequentInPage(char, encoding)) plausible += 1;
      if (judged >= JUDGED_CHARS) break;
    }
    return judged === 0 ? 0 : plausible / judged;
  }
  const letters = encoding === 'windows-1251' ? /^[\u0400-\u045f]$/u : /^[a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]$/u;
  for (const match of text.matchAll(/[^\s\d.,;:!?'"()[\]{}<>|/\\=+*&%$#@_-]+/gu)) {
    const word = match[0];
    const foreign = [...word].filter((char) => char.charCodeAt(0) >= 0x80);
    if (foreign.length === 0) continue;
    judged += foreign.length;
    const signs = foreign.filter((char) => COMMON_SIGNS.test(char)).length;
    const chars = [...word].filter((char) => !COMMON_SIGNS.test(char));
    const oneScript = chars.every((char) => letters.test(char));
    const casing = chars.join('');
    const cased = casing === casing.toLowerCase() || casing === casing.toUpperCase() || casing.slice(1) === casing.slice(1).toLowerCase();
    const runs = encoding === 'windows-1251' || !/[^\x00-\x7f]{3}/.test(casing);
    plausible += signs + (oneScript && cased && runs ? foreign.length - signs : 0);
    if (judged >= JUDGED_CHARS) break;
  }
  return judged === 0 ? 0 : plausible / judged;
}

/** The legacy code page whose reading of the bytes is most plausible; chardet breaks ties. */
function legacyEncoding(bytes: Uint8Array): string {
  const sample = bytes.subarray(0, SNIFF_BYTES);
  const guesses = chardet.analyse(sample);
  const confidence = new Map<string, number>();
  for (const guess of guesses) {
    const name = canonicalEncoding(guess.name);
    if (name && !confidence.has(name)) confidence.set(name, guess.confidence);
  }
  let best: { encoding: string; score: number } | null = null;
  for (const encoding of LEGACY_CANDIDATES) {
    let text: string;
    try {
      text = new TextDecoder(encoding, { fatal: true }).decode(sample, { stream: true });
    } catch {
      continue;
    }
    const score = plausibility(text, encoding) + (confidence.get(encoding) ?? 0) / 1000;
    if (!best || score > best.score) best = { encoding, score };
  }
  return best?.encoding ?? 'windows-1252';
}

/**
 * Decodes text: a byte-order mark wins, then an encoding declared inside the document (an HTML
 * `<meta charset>`), then UTF-16/32 by NUL pattern (which UTF-8 text never shows), then UTF-8
 * if the bytes are valid UTF-8, then the most plausible legacy code page.
 */
export function decodeText(bytes: Uint8Array, declared?: string | null): DecodedText {
  const bom = bomEncoding(bytes);
  if (bom) return decodeWith(bytes, bom);
  const label = declared ? canonicalEncoding(declared) : null;
  if (label) return decodeWith(bytes, label);
  // UTF-16/32 of Cyrillic or ASCII is valid UTF-8 byte for byte, NULs and all; text never has NULs.
  const wide = wideEncoding(bytes);
  if (wide) return decodeWith(bytes, wide);
  if (isValidUtf8(bytes)) return decodeWith(bytes, 'utf-8');
  return decodeWith(bytes, legacyEncoding(bytes));
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
