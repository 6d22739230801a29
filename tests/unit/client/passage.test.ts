import { describe, expect, it } from 'vitest';
import { findPassageItems } from '../../../client/src/passage.js';

const page = [
  'Running header — Annual report',
  'The first typewriter to be commer-',
  'cially successful was invented by',
  'Christopher Latham Sholes in 1868.',
  'Unrelated footnote text about shipping costs.',
  '12',
];

describe('findPassageItems (PDF highlight without page boxes)', () => {
  it('finds a passage across line breaks, hyphenation and punctuation', () => {
    const chunk = 'The first typewriter to be commercially successful was invented by Christopher Latham Sholes in 1868';
    expect(findPassageItems(page, chunk)).toEqual([1, 2, 3]);
  });

  it('finds the part of a chunk that is on this page when the rest is on another', () => {
    const chunk = 'Christopher Latham Sholes in 1868. The chunk then goes on with words printed on the following page only';
    expect(findPassageItems(page, chunk)).toEqual([3]);
  });

  it('finds a short passage and ignores Markdown markup', () => {
    expect(findPassageItems(page, '**Latham Sholes**')).toEqual([3]);
  });

  it('returns nothing when the passage is not on the page', () => {
    expect(findPassageItems(page, 'Nothing of this sentence appears anywhere in the page text')).toEqual([]);
    expect(findPassageItems(page, '')).toEqual([]);
  });
});
