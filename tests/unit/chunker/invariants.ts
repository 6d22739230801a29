/**
 * Properties every chunking must have, whatever the input: shared by the hand-written cases and
 * the corpus sweep so both hold the chunker to the same contract.
 */
import { expect } from 'vitest';
import { chunkMarkdown } from '../../../src/chunker/chunker.js';
import { markdownToPlainText } from '../../../src/chunker/plain-text.js';
import { estimateTokens } from '../../../src/chunker/tokens.js';
import type { Chunk, ChunkerOptions } from '../../../src/chunker/types.js';

export function chunk(markdown: string, options: Partial<ChunkerOptions> = {}): Chunk[] {
  return chunkMarkdown({ documentId: 'doc-1', markdown, pages: [] }, options);
}

/** Lower-cased words (letter/digit runs) of a text. */
export function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

const SPACE = /\s/;

/** Whether a cut at `offset` falls between words (or at either end of the text). */
export function atWordBoundary(markdown: string, offset: number): boolean {
  return offset <= 0 || offset >= markdown.length || SPACE.test(markdown.charAt(offset - 1)) || SPACE.test(markdown.charAt(offset));
}

/**
 * Offsets, content, budget, order and coverage. `wordCuts` asserts that chunks start and end
 * between words and that every word of the document is in some chunk's text, which holds unless
 * the input has a whitespace-free run longer than a chunk.
 */
export function expectValidChunks(markdown: string, chunks: Chunk[], maxTokens: number, wordCuts = true): void {
  chunks.forEach((c, i) => {
    expect(c.index).toBe(i);
    expect(c.content).toBe(markdown.slice(c.charStart, c.charEnd));
    expect(c.content).toBe(c.content.trim());
    expect(c.text.trim()).not.toBe('');
    expect(c.tokenCount).toBe(estimateTokens(c.content));
    expect(c.tokenCount).toBeLessThanOrEqual(maxTokens);
    expect(c.id).toMatch(/^[0-9a-f]{64}$/);
    if (wordCuts) {
      expect(atWordBoundary(markdown, c.charStart), `chunk ${i} starts mid-word`).toBe(true);
      expect(atWordBoundary(markdown, c.charEnd), `chunk ${i} ends mid-word`).toBe(true);
    }
    const prev = chunks[i - 1];
    if (prev !== undefined) {
      expect(c.charStart).toBeGreaterThan(prev.charStart);
      expect(c.charEnd).toBeGreaterThan(prev.charEnd);
      // Whatever lies between two chunks must carry no text at all (whitespace, image stubs).
      if (c.charStart > prev.charEnd) expect(markdownToPlainText(markdown.slice(prev.charEnd, c.charStart))).toBe('');
    }
  });
  const first = chunks[0]?.charStart ?? markdown.length;
  const last = chunks[chunks.length - 1]?.charEnd ?? markdown.length;
  expect(markdownToPlainText(markdown.slice(0, first))).toBe('');
  expect(markdownToPlainText(markdown.slice(last))).toBe('');
  expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
  if (!wordCuts) return;
  const covered = new Set(chunks.flatMap((c) => [...words(c.text)]));
  const missing = [...words(markdownToPlainText(markdown))].filter((w) => !covered.has(w));
  expect(missing).toEqual([]);
}
