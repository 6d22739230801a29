/**
 * Markdown uploads. The Markdown is already what the pipeline wants, so it passes through
 * unchanged apart from decoding and line endings; YAML front matter is metadata, not prose, so
 * it is lifted out of the body (it would otherwise be indexed and chunked as text).
 */
import type { ConversionResult, Converter, ConvertInput, DocumentMetadata } from '../core/types.js';
import { markdownDeclaration } from './markdown.declaration.js';
import { decodeText, normaliseNewlines } from '../core/decode-text.js';
import { unpagedResult } from '../core/result.js';

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

/** Front-matter keys mapped onto the metadata fields the API knows. */
const KNOWN_KEYS: Readonly<Record<string, 'title' | 'authors' | 'created' | 'modified' | 'subject' | 'keywords'>> = {
  title: 'title',
  author: 'authors',
  authors: 'authors',
  date: 'created',
  created: 'created',
  updated: 'modified',
  modified: 'modified',
  lastmod: 'modified',
  description: 'subject',
  summary: 'subject',
  subject: 'subject',
  tags: 'keywords',
  keywords: 'keywords',
};

function unquote(value: string): string {
  const trimmed = value.trim();
  const quoted = /^(["'])(.*)\1$/.exec(trimmed);
  return quoted ? (quoted[2] ?? '') : trimmed;
}

/** `[a, b]`, `a, b` and YAML block lists (`- a` lines) all become string arrays. */
function listValue(inline: string, blockLines: readonly string[]): string[] {
  const items = inline.trim()
    ? inline
        .trim()
        .replace(/^\[|\]$/g, '')
        .split(',')
    : blockLines.map((line) => line.replace(/^\s*-\s*/, ''));
  return items.map(unquote).filter(Boolean);
}

/**
 * Reads the common scalar and list keys of YAML front matter. Only these few keys matter for
 * metadata, so a full YAML parser is not worth a dependency; anything unusual is skipped.
 */
function readFrontMatter(yaml: string): DocumentMetadata {
  const metadata: DocumentMetadata = {};
  const lines = yaml.split('\n');
  lines.forEach((line, index) => {
    const match = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    const key = match && KNOWN_KEYS[match[1]!.toLowerCase()];
    if (!match || !key) return;
    const inline = match[2] ?? '';
    if (key === 'authors' || key === 'keywords') {
      const block: string[] = [];
      for (const next of lines.slice(index + 1)) {
        if (!/^\s*-\s/.test(next)) break;
        block.push(next);
      }
      const values = listValue(inline, block);
      if (values.length > 0) metadata[key] = values;
    } else if (unquote(inline)) {
      metadata[key] = unquote(inline);
    }
  });
  return metadata;
}

/** Splits leading front matter from the body; no front matter gives `{}` and the text as is. */
export function splitFrontMatter(text: string): { metadata: DocumentMetadata; body: string } {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { metadata: {}, body: text };
  return { metadata: readFrontMatter(match[1] ?? ''), body: text.slice(match[0].length) };
}

async function convertMarkdown(input: ConvertInput): Promise<ConversionResult> {
  const text = normaliseNewlines(decodeText(input.bytes).text);
  const { metadata, body } = splitFrontMatter(text);
  return unpagedResult(body.trim(), { title: metadata.title ?? null, metadata });
}

export const markdownConverter: Converter = { ...markdownDeclaration, convert: convertMarkdown };
