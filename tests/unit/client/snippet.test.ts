import { describe, expect, it } from 'vitest';
import { snippetParts } from '../../../client/src/snippet.js';

describe('search snippet parts', () => {
  it('trusts only <mark> and leaves every other tag as text for React to escape', () => {
    const parts = snippetParts('a <img src=x onerror=alert(1)> <mark>typewriter</mark> by <mark>Sholes</mark>.');
    expect(parts).toEqual([
      { text: 'a <img src=x onerror=alert(1)> ', mark: false },
      { text: 'typewriter', mark: true },
      { text: ' by ', mark: false },
      { text: 'Sholes', mark: true },
      { text: '.', mark: false },
    ]);
  });

  it('handles snippets without marks, and an unclosed mark as text', () => {
    expect(snippetParts('plain')).toEqual([{ text: 'plain', mark: false }]);
    expect(snippetParts('x <mark>y')).toEqual([{ text: 'x <mark>y', mark: false }]);
  });
});
