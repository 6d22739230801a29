/**
 * Markdown → retrieval chunks. See `pack.ts` for how blocks become chunks (and the merge rule
 * for small sections), `split.ts` for how oversized blocks are cut, `tokens.ts` for the token
 * estimate. This module ties them together and fills in what makes a chunk citable and stable:
 * heading path, page range, exact offsets, and a content-derived id.
 */

import { createHash } from 'node:crypto';
import { badInput } from '../errors.js';
import { parseBlocks, type Block } from './blocks.js';
import { boxLookup } from './boxes.js';
import { packUnits, spanPath, type Unit } from './pack.js';
import { inlineToPlainText, markdownToPlainText } from './plain-text.js';
import { splitBlock } from './split.js';
import { estimateTokens } from './tokens.js';
import { defaultChunkerOptions, type Chunk, type ChunkInput, type ChunkerOptions, type PageSpan } from './types.js';

function resolveOptions(options: Partial<ChunkerOptions>): ChunkerOptions {
  const resolved = { ...defaultChunkerOptions };
  for (const key of Object.keys(resolved) as (keyof ChunkerOptions)[]) {
    const value = options[key];
    if (value === undefined) continue;
    const least = key === 'maxTokens' ? 1 : 0;
    if (!Number.isSafeInteger(value) || value < least) {
      throw badInput(`Chunker option ${key} must be an integer >= ${least}`, { [key]: value });
    }
    resolved[key] = value;
  }
  return resolved;
}

/** Longest heading title kept in a path: every chunk of the section carries its path. */
const MAX_TITLE_CHARS = 200;

function pathTitle(markdown: string): string {
  const title = inlineToPlainText(markdown);
  if (title.length <= MAX_TITLE_CHARS) return title;
  const cut = title.lastIndexOf(' ', MAX_TITLE_CHARS);
  return `${title.slice(0, cut > MAX_TITLE_CHARS / 2 ? cut : MAX_TITLE_CHARS)}…`;
}

/**
 * Blocks in units: headings update the path, blocks over budget arrive already in pieces. Only
 * the first piece of an oversized heading counts as a heading; the rest pack like body text.
 */
function buildUnits(src: string, blocks: readonly Block[], maxTokens: number): Unit[] {
  const units: Unit[] = [];
  const stack: { level: number; title: string }[] = [];
  let path: readonly string[] = [];
  let section = 0;
  let sectionLevel = 0;
  for (const block of blocks) {
    let heading = block.kind === 'heading';
    if (heading) {
      while (stack.length > 0 && stack[stack.length - 1]!.level >= block.level) stack.pop();
      stack.push({ level: block.level, title: pathTitle(block.title) });
      path = stack.map((entry) => entry.title);
      section++;
      sectionLevel = block.level;
    }
    const pieces = splitBlock(src, block.start, block.end, block.kind, maxTokens);
    for (const { start, end, tokens } of pieces) {
      // Spelled out: an object spread here is many times slower over 100k+ small pieces.
      units.push({ start, end, tokens, heading, section, sectionLevel, path });
      heading = false;
    }
  }
  return units;
}

/** Whether `offset` falls inside a fenced code block after its opening fence. */
function insideCode(blocks: readonly Block[], offset: number): boolean {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (blocks[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  const block = blocks[lo];
  return block !== undefined && block.kind === 'code' && offset > block.start && offset < block.end;
}

/**
 * Page range lookup. Pages are assumed not to overlap one another, so sorted by start their ends
 * are sorted too and the first page that ends after a chunk's start can be binary-searched.
 */
type PageRange = Pick<Chunk, 'pageStart' | 'pageEnd'>;

function pageLookup(pages: readonly PageSpan[]): (start: number, end: number) => PageRange {
  const sorted = [...pages].sort((a, b) => a.charStart - b.charStart || a.number - b.number);
  return (start, end) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.charEnd <= start) lo = mid + 1;
      else hi = mid;
    }
    let pageStart: number | null = null;
    let pageEnd: number | null = null;
    for (let i = lo; i < sorted.length && sorted[i]!.charStart < end; i++) {
      const page = sorted[i]!;
      if (page.charEnd <= start || page.charEnd <= page.charStart) continue;
      pageStart = pageStart === null ? page.number : Math.min(pageStart, page.number);
      pageEnd = pageEnd === null ? page.number : Math.max(pageEnd, page.number);
    }
    return { pageStart, pageEnd };
  };
}

/**
 * sha256(documentId + '\0' + content), plus '\0' + n for the n-th repeat (n >= 1) of the same
 * content in one document: unchanged chunks keep their ids, repeated boilerplate stays distinct.
 */
function chunkId(documentId: string, content: string, repeat: number): string {
  const hash = createHash('sha256').update(documentId).update('\0').update(content);
  if (repeat > 0) hash.update(`\0${repeat}`);
  return hash.digest('hex');
}

/**
 * Cuts a document's Markdown into chunks in document order. Deterministic: the same input and
 * options always give the same chunks and ids. Chunks whose plain text is empty (a lone image
 * placeholder or rule) are left out; whitespace-only input gives no chunks.
 *
 * @throws AppError BAD_USER_INPUT when an option is not a non-negative integer (maxTokens >= 1).
 */
export function chunkMarkdown(input: ChunkInput, options: Partial<ChunkerOptions> = {}): Chunk[] {
  const resolved = resolveOptions(options);
  const src = input.markdown;
  if (!/\S/.test(src)) return [];
  const blocks = parseBlocks(src);
  const units = buildUnits(src, blocks, resolved.maxTokens);
  const pageRange = pageLookup(input.pages);
  const boxesOf = boxLookup(input.pages);
  const repeats = new Map<string, number>();
  const chunks: Chunk[] = [];
  for (const span of packUnits(src, units, resolved)) {
    const content = src.slice(span.start, span.end);
    const text = markdownToPlainText(content, insideCode(blocks, span.start));
    if (text === '') continue;
    const repeat = repeats.get(content) ?? 0;
    repeats.set(content, repeat + 1);
    chunks.push({
      id: chunkId(input.documentId, content, repeat),
      index: chunks.length,
      content,
      text,
      headings: spanPath(units, span.first, span.last),
      ...pageRange(span.start, span.end),
      charStart: span.start,
      charEnd: span.end,
      tokenCount: estimateTokens(content),
      boxes: boxesOf ? boxesOf(span.start, span.end) : null,
    });
  }
  return chunks;
}
