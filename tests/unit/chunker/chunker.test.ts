import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chunkMarkdown } from '../../../src/chunker/chunker.js';
import type { PageSpan } from '../../../src/chunker/types.js';
import { AppError } from '../../../src/errors.js';
import { chunk, expectValidChunks } from './invariants.js';

/** A paragraph of `n` distinct words, so every chunk's text can be told apart. */
function prose(tag: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `${tag}${i}`).join(' ') + '.';
}

describe('chunkMarkdown: structure', () => {
  it('gives no chunks for empty or whitespace-only input', () => {
    expect(chunk('')).toEqual([]);
    expect(chunk(' \n\t\n  \r\n')).toEqual([]);
  });

  it('tracks the heading path and never ends a chunk on a bare heading', () => {
    const md = ['# Guide', prose('intro', 30), '## Install', '### Linux', prose('linux', 30), '## Usage', prose('usage', 30)].join('\n\n');
    const chunks = chunk(md, { maxTokens: 60, minTokens: 10, overlapTokens: 0 });
    expectValidChunks(md, chunks, 60);
    expect(chunks.map((c) => c.headings)).toEqual([['Guide'], ['Guide', 'Install', 'Linux'], ['Guide', 'Usage']]);
    expect(chunks[1]!.content.startsWith('## Install\n\n### Linux\n\nlinux0')).toBe(true);
  });

  it('packs a deeper section into the open chunk and starts a new chunk at a sibling', () => {
    const md = ['# A', prose('a', 40), '## B', prose('b', 40), '## C', prose('c', 40)].join('\n\n');
    const chunks = chunk(md, { minTokens: 20 });
    expect(chunks.map((c) => c.headings)).toEqual([['A'], ['A', 'C']]);
    expect(chunks[0]!.content).toContain('## B');
  });

  it('merges a small section into the next one only under the same parent path', () => {
    const md = ['# A', prose('a', 80), '## B', 'Short b.', '## C', 'Short c.', '## D', 'Short d.', '# E', '## F', 'Short f.'];
    const chunks = chunk(md.join('\n\n'));
    expectValidChunks(md.join('\n\n'), chunks, 512);
    expect(chunks.map((c) => c.content)).toEqual([
      md.slice(0, 4).join('\n\n'),
      '## C\n\nShort c.\n\n## D\n\nShort d.',
      '# E\n\n## F\n\nShort f.',
    ]);
    expect(chunks.map((c) => c.headings)).toEqual([['A'], ['A'], ['E', 'F']]);
  });

  it('does not merge a section of minTokens or more into its sibling', () => {
    const md = ['## B', prose('b', 60), '## C', 'Short c.'].join('\n\n');
    expect(chunk(md, { minTokens: 20 }).map((c) => c.headings)).toEqual([['B'], ['C']]);
  });

  it('keeps a table, a list and a code block whole when each fits a chunk', () => {
    const table = ['| name | value |', '| - | - |', ...Array.from({ length: 25 }, (_, i) => `| key${i} | val${i} |`)].join('\n');
    const list = Array.from({ length: 25 }, (_, i) => `- item${i} of the list\n    - nested${i}`).join('\n');
    const code = ['```ts', ...Array.from({ length: 25 }, (_, i) => `const v${i} = f(${i});`), '```'].join('\n');
    const md = ['# Data', prose('p', 80), table, prose('q', 80), list, prose('r', 80), code].join('\n\n');
    const chunks = chunk(md, { maxTokens: 260 });
    expectValidChunks(md, chunks, 260);
    for (const block of [table, list, code]) {
      const holders = chunks.filter((c) => c.content.includes(block.split('\n')[0]!));
      expect(holders).toHaveLength(1);
      expect(holders[0]!.content).toContain(block);
    }
  });

  it('strips Markdown syntax from text but keeps content verbatim', () => {
    const md = '# The *Title*\n\n**Bold** and [a link](https://example.com/x "t") and `code`.\n\n| a | b |\n| - | - |\n| 1 | 2 |';
    const [only] = chunk(md);
    expect(only!.content).toBe(md);
    expect(only!.headings).toEqual(['The Title']);
    expect(only!.text).toBe('The Title\n\nBold and a link and code.\n\na b\n1 2');
  });

  it('leaves out chunks without text, such as a lone image stub', () => {
    const section = `# Next\n\n${prose('w', 25)}`;
    const md = `<!-- image -->\n\n${section}`;
    expect(chunk(md, { maxTokens: 30 }).map((c) => c.content)).toEqual([section]);
  });

  it('rejects options that are not non-negative integers', () => {
    for (const bad of [{ maxTokens: 0 }, { overlapTokens: -1 }, { minTokens: 1.5 }, { maxTokens: Number.NaN }]) {
      expect(() => chunk('text', bad)).toThrow(AppError);
    }
    expect(() => chunk('text', { maxTokens: 0 })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});

describe('chunkMarkdown: pages', () => {
  const md = [prose('one', 50), prose('two', 50), prose('three', 50)].join('\n\n');
  const pages: PageSpan[] = [];
  let at = 0;
  md.split('\n\n').forEach((part, i) => {
    pages.push({ number: i + 1, charStart: at, charEnd: at + part.length });
    at += part.length + 2;
  });

  it('takes the page range from the spans a chunk overlaps', () => {
    const chunks = chunkMarkdown({ documentId: 'd', markdown: md, pages: [...pages].reverse() }, { maxTokens: 40 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      const hit = pages.filter((p) => p.charStart < c.charEnd && p.charEnd > c.charStart).map((p) => p.number);
      expect([c.pageStart, c.pageEnd]).toEqual([Math.min(...hit), Math.max(...hit)]);
    }
    expect(chunks.some((c) => c.pageStart !== c.pageEnd)).toBe(true);
  });

  it('gives null pages when the document has none', () => {
    for (const c of chunk(md, { maxTokens: 40 })) expect([c.pageStart, c.pageEnd]).toEqual([null, null]);
  });
});

describe('chunkMarkdown: ids', () => {
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  const md = ['# A', prose('a', 60), '# B', prose('b', 60)].join('\n\n');

  it('derives ids from the document id and content, the same on every run', () => {
    const first = chunk(md, { maxTokens: 80 });
    expect(chunk(md, { maxTokens: 80 })).toEqual(first);
    expect(first[0]!.id).toBe(sha(`doc-1\0${first[0]!.content}`));
    const other = chunkMarkdown({ documentId: 'doc-2', markdown: md, pages: [] }, { maxTokens: 80 });
    expect(other.map((c) => c.id)).not.toContain(first[0]!.id);
  });

  it('changes only the ids of chunks whose content changed', () => {
    const before = chunk(md, { maxTokens: 80 });
    const after = chunk(md.replace('b10 ', 'b10 changed '), { maxTokens: 80 });
    expect(after[0]!.id).toBe(before[0]!.id);
    expect(after[1]!.id).not.toBe(before[1]!.id);
  });

  it('keeps repeated content apart by its occurrence', () => {
    const repeated = ['## Note', 'Same words.', '## Other', prose('x', 80), '## Note', 'Same words.'].join('\n\n');
    const chunks = chunk(repeated, { minTokens: 0 });
    const notes = chunks.filter((c) => c.content === '## Note\n\nSame words.');
    expect(notes.map((c) => c.id)).toEqual([sha('doc-1\0## Note\n\nSame words.'), sha('doc-1\0## Note\n\nSame words.\x001')]);
  });
});
