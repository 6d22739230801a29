/**
 * Legacy Word documents (DOC, Word 97-2003 binary). word-extractor reads the piece table and
 * gives the body, footnotes, endnotes, headers, comments and text boxes as text, with Word's
 * cell marks turned into tabs and row marks into line ends: a line ending in a cell mark is a
 * table row, and consecutive rows become a GFM table. Headings come from the paragraph styles
 * in the binary (doc-headings.ts), which the library does not expose.
 */
import WordExtractor from 'word-extractor';
import type { ConversionResult, Converter, ConvertInput } from '../core/types.js';
import { docDeclaration } from './doc.declaration.js';
import { corruptDocument, encryptedDocument } from '../../errors.js';
import { docHeadings, type DocHeading } from './doc-headings.js';
import { joinBlocks } from '../core/markdown-blocks.js';
import { markdownTable } from '../core/markdown-table.js';
import { openOle, oleStream, oleSummary } from './ole.js';
import { unpagedResult } from '../core/result.js';

/** FIB flags (FibBase, the word at offset 0x0A): fEncrypted, and which table stream is live. */
const F_ENCRYPTED = 0x0100;
const F_WHICH_TABLE = 0x0200;
/** Bullets Word writes as literal characters at the start of list paragraphs. */
const BULLET = /^[\u2022\u25cf\u25aa\u25a0\u2013\uf0b7\uf0a7\u00b7o]\s+/;

/**
 * Body text → Markdown blocks: paragraphs, list items, tables, and headings where a line is the
 * next heading paragraph found in the binary (matched in order, so body text that repeats a
 * heading's words elsewhere stays body text).
 */
export function wordTextToBlocks(text: string, headings: readonly DocHeading[] = []): string[] {
  const blocks: string[] = [];
  let nextHeading = 0;
  const headingLevel = (line: string): number | null => {
    const index = headings.findIndex((heading, i) => i >= nextHeading && heading.text === line);
    if (index < 0) return null;
    nextHeading = index + 1;
    return headings[index]!.level;
  };
  let rows: string[][] = [];
  const flushTable = () => {
    if (rows.length > 0) blocks.push(markdownTable(rows));
    rows = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (raw.endsWith('\t')) {
      rows.push(
        raw
          .slice(0, -1)
          .split('\t')
          .map((cell) => cell.trim()),
      );
      continue;
    }
    flushTable();
    const line = raw.replace(/[\t ]+/g, ' ').trim();
    if (!line) continue;
    const level = headingLevel(line);
    if (level) blocks.push(`${'#'.repeat(level)} ${line}`);
    else blocks.push(BULLET.test(line) ? `- ${line.replace(BULLET, '')}` : line);
  }
  flushTable();
  return blocks;
}

async function convertDoc(input: ConvertInput): Promise<ConversionResult> {
  const container = openOle(input.bytes, 'Word document');
  const word = oleStream(container, 'WordDocument');
  if (!word || word.length < 12) throw corruptDocument('The file has no WordDocument stream');
  if (word.readUInt16LE(0x0a) & F_ENCRYPTED) throw encryptedDocument();
  let document;
  try {
    document = await new WordExtractor().extract(Buffer.from(input.bytes));
  } catch (err) {
    throw corruptDocument('The Word document could not be read: it is damaged or incomplete', err);
  }
  const options = { filterUnicode: false };
  const table = oleStream(container, word.readUInt16LE(0x0a) & F_WHICH_TABLE ? '1Table' : '0Table');
  const headings = table ? docHeadings(word, table) : [];
  const blocks = wordTextToBlocks(document.getBody(options), headings);
  const extras = [
    document.getTextboxes({ ...options, includeHeadersAndFooters: false, includeBody: true }),
    document.getFootnotes(options),
    document.getEndnotes(options),
    document.getAnnotations(options),
    document.getHeaders({ ...options, includeFooters: true }),
  ];
  for (const extra of extras) blocks.push(...wordTextToBlocks(extra));
  const metadata = oleSummary(container);
  return unpagedResult(joinBlocks(blocks), { title: metadata.title, metadata });
}

export const docConverter: Converter = { ...docDeclaration, convert: convertDoc };
