import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chunkMarkdown } from '../../../src/chunker/chunker.js';
import { chunk, expectValidChunks } from './invariants.js';

/** The shared corpus lives beside the project and is read in place, never copied in. */
const corpus = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

function expectedMarkdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.expected.md'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const files = existsSync(corpus) ? expectedMarkdownFiles(corpus) : [];

describe.skipIf(files.length === 0)('chunkMarkdown on the corpus reference Markdown', () => {
  it('finds the reference files', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files.map((file) => [file.slice(corpus.length), file]))('%s', (_name, file) => {
    const markdown = readFileSync(file, 'utf8');
    // The default budget, and small ones that force tables, lists and paragraphs to be split;
    // at 24 tokens long URLs and formulas are runs over budget, so only there may cuts fall
    // inside a run.
    for (const maxTokens of [512, 96, 24]) {
      const chunks = chunk(markdown, { maxTokens, overlapTokens: Math.min(48, maxTokens >> 2) });
      expectValidChunks(markdown, chunks, maxTokens, maxTokens > 24);
      if (markdown.trim() !== '') expect(chunks.length).toBeGreaterThan(0);
    }
  });

  it('gives every chunk a page range when the pages cover the document', () => {
    const file = files.find((f) => f.endsWith('normal_4pages.pdf.expected.md'));
    if (file === undefined) return;
    const markdown = readFileSync(file, 'utf8');
    const quarter = Math.ceil(markdown.length / 4);
    const pages = [1, 2, 3, 4].map((n) => ({ number: n, charStart: (n - 1) * quarter, charEnd: Math.min(n * quarter, markdown.length) }));
    const chunks = chunkMarkdown({ documentId: 'pdf', markdown, pages }, { maxTokens: 128 });
    expect(chunks[0]!.pageStart).toBe(1);
    expect(chunks[chunks.length - 1]!.pageEnd).toBe(4);
    for (const c of chunks) {
      expect(c.pageStart).toBe(Math.floor(c.charStart / quarter) + 1);
      expect(c.pageEnd).toBe(Math.floor((c.charEnd - 1) / quarter) + 1);
    }
  });

  it('chunks about 1 MB of Markdown quickly', () => {
    const sample = files.map((f) => readFileSync(f, 'utf8')).join('\n\n');
    const parts: string[] = [];
    for (let size = 0; size < 1_000_000; size += sample.length + 2) parts.push(sample);
    const markdown = parts.join('\n\n');
    const started = performance.now();
    const chunks = chunk(markdown);
    const elapsed = performance.now() - started;
    expect(markdown.length).toBeGreaterThanOrEqual(1_000_000);
    expect(chunks.length).toBeGreaterThan(500);
    expect(elapsed).toBeLessThan(10_000);
    expect(chunks.every((c) => c.tokenCount <= 512)).toBe(true);
  });
});
