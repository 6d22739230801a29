/**
 * Plain text files. The one hard part is the encoding: text arrives from every platform, so it
 * is decoded by BOM, UTF-8 validity or chardet's guess (see decode-text.ts). The Markdown is the
 * text itself: escaping every character Markdown could read as syntax would make the stored
 * Markdown unreadable, and blank-line paragraphs already mean the same in both.
 */
import type { ConversionResult, Converter, ConvertInput } from '../core/types.js';
import { textDeclaration } from './text.declaration.js';
import { decodeText, normaliseNewlines } from '../core/decode-text.js';
import { unpagedResult } from '../core/result.js';

/** Trailing blanks go, and runs of blank lines shrink to one, as paragraph separators. */
function tidyText(text: string): string {
  return normaliseNewlines(text)
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\s+$/g, '');
}

async function convertText(input: ConvertInput): Promise<ConversionResult> {
  const { text: decoded, encoding } = decodeText(input.bytes);
  const text = tidyText(decoded);
  return unpagedResult(text, { text, metadata: { encoding } });
}

export const textConverter: Converter = { ...textDeclaration, convert: convertText };
