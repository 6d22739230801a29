import { describe, expect, it } from 'vitest';
import { chunkMarkdown } from '../../../src/chunker/chunker.js';
import type { LineSpan, PageSpan } from '../../../src/chunker/types.js';

/** A page of lines, each the Markdown line at its index, 12 pt high, 14 pt apart. */
function page(number: number, markdown: string, offset: number, x = 72): PageSpan {
  const lines: LineSpan[] = [];
  let at = offset;
  markdown.split('\n').forEach((text, i) => {
    if (text) lines.push({ charStart: at, charEnd: at + text.length, x, y: 100 + i * 14, width: 300, height: 12 });
    at += text.length + 1;
  });
  return { number, charStart: offset, charEnd: offset + markdown.length, width: 612, height: 792, lines };
}

describe('chunk page boxes', () => {
  const one = 'First line of a paragraph\nsecond line of it\nthird line of it\n\nA new paragraph after a gap';
  const two = 'The next page starts here\nand goes on';

  it('merges stacked lines into one box and starts a new one after a gap or on a new page', () => {
    const markdown = `${one}\n\n${two}`;
    const pages = [page(1, one, 0), page(2, two, one.length + 2)];
    const [chunk] = chunkMarkdown({ documentId: 'd', markdown, pages });
    const size = { pageWidth: 612, pageHeight: 792 };
    expect(chunk!.boxes).toEqual([
      { page: 1, x: 72, y: 100, width: 300, height: 40, ...size },
      { page: 1, x: 72, y: 156, width: 300, height: 12, ...size },
      { page: 2, x: 72, y: 100, width: 300, height: 26, ...size },
    ]);
  });

  it('gives a chunk only the lines its span overlaps', () => {
    const markdown = `# Part one\n\n${'word '.repeat(60).trim()}\n\n# Part two\n\n${'other '.repeat(60).trim()}`;
    const chunks = chunkMarkdown(
      { documentId: 'd', markdown, pages: [page(1, markdown, 0)] },
      { maxTokens: 80, overlapTokens: 0, minTokens: 0 },
    );
    expect(chunks).toHaveLength(2);
    expect(chunks[0]!.boxes!.map((b) => b.y)).toEqual([100, 128]);
    expect(chunks[1]!.boxes!.map((b) => b.y)).toEqual([156, 184]);
  });

  it('is null without line positions and empty for pages without lines', () => {
    expect(chunkMarkdown({ documentId: 'd', markdown: one, pages: [] })[0]!.boxes).toBeNull();
    const ocr = { number: 1, charStart: 0, charEnd: one.length, lines: [] };
    expect(chunkMarkdown({ documentId: 'd', markdown: one, pages: [ocr] })[0]!.boxes).toEqual([]);
  });
});
