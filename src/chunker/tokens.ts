/**
 * Token estimate used for every budget decision in the chunker.
 *
 * We never ship or download a tokenizer: chunk sizes only need to be roughly right and, above
 * all, cheap and deterministic, since the same estimate runs over every byte of every document.
 * The rule imitates how BPE / word-piece tokenizers behave on typical text:
 *
 * - a run of letters, marks and digits costs one token per 6 ASCII characters (rounded up) plus
 *   one per 3 other-script characters (rounded up): short English words are one token, long or
 *   accented words several, Cyrillic / Greek / Arabic text costs more per character;
 * - each CJK ideograph, kana or Hangul syllable costs one token on its own;
 * - a run of punctuation / symbols costs one token per 2 characters (rounded up);
 * - whitespace is free.
 *
 * On English prose this lands close to "words × 1.3". Two properties the chunker relies on:
 * the estimate is exactly additive over pieces separated by whitespace, and never grows when a
 * text is cut into pieces anywhere else (the sum of the pieces is always >= the whole), so packing
 * pieces whose estimates sum to at most the budget can never produce a chunk over budget.
 */

/** Most characters one estimated token can stand for: bounds searches for a cut point. */
export const MAX_CHARS_PER_TOKEN = 6;

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const SPACE_CHAR = /\s/;

const SPACE = 0;
const ASCII_WORD = 1;
const OTHER_WORD = 2;
const CJK = 3;
const PUNCT = 4;

/** Class of each UTF-16 code unit, filled on first sight (0 = not yet known, else class + 1). */
const classes = new Uint8Array(0x10000);

/** CJK ideographs, kana and Hangul: scripts where one character is roughly one token. */
function isCjk(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0xf900 && code <= 0xfaff)
  );
}

function classify(char: string, code: number): number {
  if (SPACE_CHAR.test(char)) return SPACE;
  if (!WORD_CHAR.test(char)) return PUNCT;
  if (code < 0x80) return ASCII_WORD;
  return isCjk(code) ? CJK : OTHER_WORD;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Class of the character at `i` within text[start, end). Each half of a surrogate pair gets the
 * class of the whole character, but only when its partner is inside the range too, so a range
 * counts exactly as its slice would.
 */
function classAt(text: string, i: number, start: number, end: number): number {
  const code = text.charCodeAt(i);
  if (isHighSurrogate(code) && i + 1 < end && isLowSurrogate(text.charCodeAt(i + 1))) {
    return classifyPoint(text.codePointAt(i)!);
  }
  if (isLowSurrogate(code) && i - 1 >= start && isHighSurrogate(text.charCodeAt(i - 1))) {
    return classifyPoint(text.codePointAt(i - 1)!);
  }
  const known = classes[code]!;
  if (known !== 0) return known - 1;
  const cls = classify(text.charAt(i), code);
  classes[code] = cls + 1;
  return cls;
}

function classifyPoint(point: number): number {
  return classify(String.fromCodePoint(point), point);
}

/**
 * Estimated token count of text[start, end) (see the module comment for the rule). A character
 * loop rather than a regex: this runs over every character several times per document.
 */
export function estimateTokens(text: string, start = 0, end = text.length): number {
  let total = 0;
  let ascii = 0;
  let other = 0;
  let punct = 0;
  for (let i = start; i < end; i++) {
    const cls = classAt(text, i, start, end);
    if (cls === PUNCT) {
      if (ascii + other > 0) total += Math.ceil(ascii / MAX_CHARS_PER_TOKEN) + Math.ceil(other / 3);
      ascii = other = 0;
      punct++;
      continue;
    }
    total += Math.ceil(punct / 2);
    punct = 0;
    if (cls === ASCII_WORD) ascii++;
    else if (cls === OTHER_WORD) other++;
    else if (cls === CJK) total++;
    else {
      total += Math.ceil(ascii / MAX_CHARS_PER_TOKEN) + Math.ceil(other / 3);
      ascii = other = 0;
    }
  }
  return total + Math.ceil(ascii / MAX_CHARS_PER_TOKEN) + Math.ceil(other / 3) + Math.ceil(punct / 2);
}

/** Whether the character at `index` is a letter, mark or digit (part of a word run). */
export function isWordChar(text: string, index: number): boolean {
  const cls = classAt(text, index, 0, text.length);
  return cls !== SPACE && cls !== PUNCT;
}
