/**
 * Rich Text Format. RTF is read by a small purpose-built reader (rtf-reader.ts) rather than a
 * library: the npm RTF packages are unmaintained or render to a browser DOM, and what search
 * needs (text in the right code page, headings, lists, tables, \info properties, embedded
 * binaries skipped) is a few hundred lines. Pictures and embedded objects become placeholders.
 */
import type { ConversionResult, Converter, ConvertInput, DocumentMetadata } from '../core/types.js';
import { rtfDeclaration } from './rtf.declaration.js';
import { corruptDocument } from '../../errors.js';
import { joinBlocks } from '../core/markdown-blocks.js';
import { unpagedResult } from '../core/result.js';
import { RtfReader } from './rtf-reader.js';

function metadataOf(reader: RtfReader): DocumentMetadata {
  const get = (name: string) => reader.info.get(name)?.trim() || undefined;
  const entries: Array<[string, unknown]> = [
    ['title', get('title')],
    ['subject', get('subject')],
    ['authors', get('author') ? [get('author')] : undefined],
    ['lastModifiedBy', get('operator')],
    ['producer', get('generator')?.replace(/;$/, '')],
    [
      'keywords',
      get('keywords')
        ?.split(/\s*[,;]\s*|\s+/)
        .filter(Boolean),
    ],
    ['created', reader.dateOf('creatim')],
    ['modified', reader.dateOf('revtim')],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

async function convertRtf(input: ConvertInput): Promise<ConversionResult> {
  const head = Buffer.from(input.bytes.subarray(0, 16)).toString('latin1');
  if (!/^\s*\{\\rtf/.test(head)) throw corruptDocument('The file is not RTF: it does not start with {\\rtf');
  const reader = new RtfReader();
  try {
    reader.read(input.bytes);
  } catch (err) {
    if ((err as { code?: string }).code) throw err;
    throw corruptDocument('The RTF document could not be read', err);
  }
  const metadata = metadataOf(reader);
  return unpagedResult(joinBlocks(reader.blocks), { title: metadata.title as string | undefined, metadata });
}

export const rtfConverter: Converter = { ...rtfDeclaration, convert: convertRtf };
