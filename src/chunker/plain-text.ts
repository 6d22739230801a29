/**
 * Markdown → plain text for a chunk: the text that is indexed and embedded.
 *
 * Chunks can start or end anywhere a split put them (inside a code block, a table, halfway through
 * a link), so this works line by line with forgiving regular expressions instead of parsing: any
 * construct it does not recognise stays as text, which costs a stray bracket but never a word.
 * Code lines are kept verbatim because their punctuation is content.
 */

import { closesFence, fenceMarker, isTableDelimiter, stripClosingHashes } from './blocks.js';

const DROPPED_LINE = /^ {0,3}(?:=+|-+|([-*_])(?:[ \t]*\1){2,})[ \t]*$/;
/** Quote markers, then a heading marker (group 1) or a bullet with an optional task box. */
const LINE_PREFIX = /^[ \t]*(?:>[ \t]?)*[ \t]*(?:(#{1,6}[ \t]+)|[-+*][ \t]+(?:\[[ xX]\][ \t]+)?)?/;

/** Characters that can start inline syntax; lines without any skip the replacement chain. */
const INLINE_SYNTAX = /[*_~`<>[\]|&\\!]/;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntity(match: string, name: string): string {
  if (name.startsWith('#')) {
    const hex = name[1] === 'x' || name[1] === 'X';
    const code = hex ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
  }
  return ENTITIES[name] ?? match;
}

/**
 * Inline Markdown → text: link and image targets dropped (their text kept), emphasis markers,
 * inline-code ticks, HTML tags and comments removed, table pipes turned into spaces.
 */
export function inlineToPlainText(line: string): string {
  if (!INLINE_SYNTAX.test(line)) return line.replace(/[ \t]+/g, ' ').trim();
  return line
    .replace(/<!--.*?(?:-->|$)/g, ' ')
    .replace(/!?\[([^[\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:[ \t]+"[^"]*")?\)/g, '$1')
    .replace(/!?\[([^[\]]*)\]\[[^[\]]*\]/g, '$1')
    .replace(/<((?:https?|mailto|ftp):[^>\s]*)>/gi, '$1')
    .replace(/<\/?[A-Za-z][^<>]*>/g, ' ')
    .replace(/`+/g, '')
    .replace(/(^|[\s([{"'])(?:\*{1,3}|_{1,3}|~~)(?=[^\s*_~])/g, '$1')
    .replace(/([^\s*_~\\])(?:\*{1,3}|_{1,3}|~~)(?=[\s)\]}"'.,;:!?]|$)/g, '$1')
    .replace(/(?<!\\)\|/g, ' ')
    .replace(/\\([\\`*_{}[\]()#+\-.!|>~<])/g, '$1')
    .replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);/g, decodeEntity)
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/**
 * Plain text of a chunk's Markdown. `startsInCode` says the chunk begins inside a fenced code
 * block (a split code block), so its lines are code until a closing fence.
 */
export function markdownToPlainText(markdown: string, startsInCode = false): string {
  const out: string[] = [];
  // The open fence's marker; '' when the chunk starts inside a fence whose opener it cut off.
  let fence: string | null = startsInCode ? '' : null;
  for (const raw of markdown.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (fence !== null) {
      if (closesFence(line, fence)) fence = null;
      else out.push(line.trimEnd());
      continue;
    }
    const marker = fenceMarker(line);
    if (marker !== undefined) {
      fence = marker;
      continue;
    }
    if (DROPPED_LINE.test(line) || isTableDelimiter(line)) continue;
    const prefix = LINE_PREFIX.exec(line);
    const body = line.slice(prefix?.[0].length ?? 0);
    out.push(inlineToPlainText(prefix?.[1] === undefined ? body : stripClosingHashes(body)));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
