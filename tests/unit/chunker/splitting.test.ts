import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../../src/chunker/tokens.js';
import { atWordBoundary, chunk, expectValidChunks } from './invariants.js';

/** `count` sentences of 12 distinct words each. */
function sentences(count: number): string {
  return Array.from({ length: count }, (_, s) => {
    const body = Array.from({ length: 11 }, (_, w) => `word${s}x${w}`).join(' ');
    return `Sentence${s} ${body}.`;
  }).join(' ');
}

describe('chunkMarkdown: splitting what does not fit', () => {
  it('splits a long paragraph at sentence ends, repeating about overlapTokens between pieces', () => {
    const md = `# Long\n\n${sentences(150)}`;
    const chunks = chunk(md, { maxTokens: 200, overlapTokens: 40 });
    expectValidChunks(md, chunks, 200);
    expect(chunks.length).toBeGreaterThan(5);
    for (let i = 1; i < chunks.length; i++) {
      const prev = chunks[i - 1]!;
      const next = chunks[i]!;
      expect(next.headings).toEqual(['Long']);
      expect(next.charStart).toBeLessThan(prev.charEnd);
      const overlap = estimateTokens(md.slice(next.charStart, prev.charEnd));
      expect(overlap).toBeGreaterThanOrEqual(20);
      expect(overlap).toBeLessThanOrEqual(40);
      // The overlap resumes at a sentence start; the piece itself ends at a sentence end.
      expect(next.content).toMatch(/^Sentence\d+ /);
      expect(prev.content.endsWith('.')).toBe(true);
    }
  });

  it('falls back to word boundaries when a sentence is longer than a chunk', () => {
    const md = Array.from({ length: 3000 }, (_, i) => `w${i}`).join(' ');
    const chunks = chunk(md, { maxTokens: 100, overlapTokens: 10 });
    expectValidChunks(md, chunks, 100);
    for (const c of chunks.slice(0, -1)) expect(c.tokenCount).toBeGreaterThan(80);
  });

  it('gives no overlap when overlapTokens is 0', () => {
    const md = sentences(60);
    const chunks = chunk(md, { maxTokens: 100, overlapTokens: 0 });
    expectValidChunks(md, chunks, 100);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.charStart).toBeGreaterThan(chunks[i - 1]!.charEnd);
  });

  it('splits an oversized table between rows and an oversized list between items', () => {
    const table = ['| a | b |', '| - | - |', ...Array.from({ length: 200 }, (_, i) => `| row${i} | cell${i} |`)].join('\n');
    const list = Array.from({ length: 200 }, (_, i) => `1. item${i}\n    - sub${i}`).join('\n');
    for (const md of [table, list]) {
      const chunks = chunk(md, { maxTokens: 120, overlapTokens: 0 });
      expectValidChunks(md, chunks, 120);
      for (const c of chunks) {
        expect(md.charAt(c.charStart - 1) === '\n' || c.charStart === 0).toBe(true);
        expect(md.charAt(c.charEnd) === '\n' || c.charEnd === md.length).toBe(true);
      }
    }
  });

  it('keeps the lines of a split code block as code in the text', () => {
    const code = ['```python', ...Array.from({ length: 120 }, (_, i) => `x_${i} = compute(**kw_${i})`), '```'].join('\n');
    const chunks = chunk(code, { maxTokens: 100 });
    expectValidChunks(code, chunks, 100);
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks.slice(1)) expect(c.text).toMatch(/^x_\d+ = compute\(\*\*kw_\d+\)/);
  });

  it('cuts a run without whitespace that is longer than a chunk, and only such a run', () => {
    const blob = `![chart](data:image/png;base64,${'iVBORw0KGgo/AAAANSUhEUg+'.repeat(400)})`;
    const md = `Before the image.\n\n${blob}\n\nAfter the image.`;
    const chunks = chunk(md, { maxTokens: 64 });
    expectValidChunks(md, chunks, 64, false);
    const [blobStart, blobEnd] = [md.indexOf(blob), md.indexOf(blob) + blob.length];
    expect(chunks.length).toBeGreaterThan(blob.length / (64 * 6));
    for (const c of chunks) {
      for (const cut of [c.charStart, c.charEnd]) {
        if (!atWordBoundary(md, cut)) expect(cut > blobStart && cut < blobEnd).toBe(true);
      }
    }
  });

  it('cuts unpunctuated CJK text without splitting a character', () => {
    const md = '這是一個沒有標點符號的很長的句子'.repeat(300) + '𠀀'.repeat(50);
    const chunks = chunk(md, { maxTokens: 50 });
    expectValidChunks(md, chunks, 50, false);
    expect(chunks.map((c) => c.content).join('')).toBe(md);
    for (const c of chunks) expect(c.content).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });
});

describe('chunkMarkdown: pathological input', () => {
  const n = 100_000;
  const cases: Record<string, string> = {
    'spaces in a heading': `# a${' '.repeat(n)}b`,
    'a heading of hashes': `# a${' #'.repeat(n)}b`,
    'unclosed brackets': '[ '.repeat(n),
    'unclosed tags': '<a '.repeat(n),
    'emphasis markers': '*a '.repeat(n),
    pipes: '| '.repeat(n),
    'nested quotes': '> '.repeat(n),
    'one-line list items': '- a\n'.repeat(n),
  };

  it.each(Object.entries(cases))('stays fast and valid on %s', (_name, md) => {
    const started = performance.now();
    const chunks = chunk(md);
    expect(performance.now() - started).toBeLessThan(5_000);
    expectValidChunks(md, chunks, 512);
  });

  it('keeps a huge heading out of the path beyond a readable length', () => {
    const md = `# ${'title '.repeat(10_000)}\n\nBody text.`;
    const chunks = chunk(md);
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) expect(c.headings[0]!.length).toBeLessThanOrEqual(201);
  });
});
