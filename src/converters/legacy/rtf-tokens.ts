/**
 * RTF tokenizer. RTF is 7-bit text with control words; characters outside ASCII arrive as
 * `\'hh` bytes in the current font's code page (two bytes per character in cp932, GBK, Big5)
 * or as `\uN` with `\ucN` fallback characters to skip, and binary data as `\binN` raw bytes.
 * The tokenizer deals only in bytes and control words; code pages are the reader's concern.
 */

export type RtfToken =
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'word'; word: string; param: number | null }
  /** Literal text bytes (plain characters and `\'hh` escapes), decoded by the reader. */
  | { kind: 'bytes'; bytes: number[]; escaped: boolean }
  | { kind: 'symbol'; symbol: string };

const isLetter = (byte: number) => (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a);
const isDigit = (byte: number) => byte >= 0x30 && byte <= 0x39;
const hexValue = (byte: number) =>
  isDigit(byte) ? byte - 0x30 : (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66 ? (byte | 0x20) - 0x57 : -1;

/** Control words longer than this are not RTF; the spec allows 32 letters. */
const MAX_WORD = 32;

export function* tokenize(input: Uint8Array): Generator<RtfToken> {
  let i = 0;
  let text: number[] = [];
  const flush = function* (): Generator<RtfToken> {
    if (text.length > 0) yield { kind: 'bytes', bytes: text, escaped: false };
    text = [];
  };
  while (i < input.length) {
    const byte = input[i]!;
    if (byte === 0x7b || byte === 0x7d) {
      yield* flush();
      yield { kind: byte === 0x7b ? 'open' : 'close' };
      i += 1;
    } else if (byte === 0x0d || byte === 0x0a || byte === 0) {
      i += 1;
    } else if (byte !== 0x5c) {
      text.push(byte);
      i += 1;
    } else {
      yield* flush();
      const next = input[i + 1];
      if (next === undefined) break;
      if (next === 0x27) {
        const value = hexValue(input[i + 2] ?? 0) * 16 + hexValue(input[i + 3] ?? 0);
        if (value >= 0) yield { kind: 'bytes', bytes: [value], escaped: true };
        i += 4;
      } else if (isLetter(next)) {
        let end = i + 1;
        while (end < input.length && isLetter(input[end]!) && end - i <= MAX_WORD) end += 1;
        const word = String.fromCharCode(...input.subarray(i + 1, end));
        let paramEnd = end;
        if (input[paramEnd] === 0x2d) paramEnd += 1;
        while (paramEnd < input.length && isDigit(input[paramEnd]!) && paramEnd - end < 11) paramEnd += 1;
        const digits = String.fromCharCode(...input.subarray(end, paramEnd));
        const param = /\d/.test(digits) ? Number(digits) : null;
        i = input[paramEnd] === 0x20 ? paramEnd + 1 : paramEnd;
        if (word === 'bin' && param !== null && param > 0) {
          i += param; // raw binary data, never text
          continue;
        }
        yield { kind: 'word', word, param };
      } else if (next === 0x0d || next === 0x0a) {
        yield { kind: 'word', word: 'par', param: null };
        i += 2;
      } else {
        yield { kind: 'symbol', symbol: String.fromCharCode(next) };
        i += 2;
      }
    }
  }
  yield* flush();
}
