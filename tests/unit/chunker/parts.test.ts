import { describe, expect, it } from 'vitest';
import { parseBlocks } from '../../../src/chunker/blocks.js';
import { inlineToPlainText, markdownToPlainText } from '../../../src/chunker/plain-text.js';
import { estimateTokens } from '../../../src/chunker/tokens.js';

describe('estimateTokens', () => {
  it('counts short words as one token and long or foreign ones as more', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('  \n ')).toBe(0);
    expect(estimateTokens('the cat sat')).toBe(3);
    expect(estimateTokens('internationalization')).toBe(4);
    expect(estimateTokens('Привет')).toBe(2);
    expect(estimateTokens('日本語')).toBe(3);
    expect(estimateTokens('a, b.')).toBe(4);
    expect(estimateTokens('---')).toBe(2);
  });

  it('is additive across whitespace and never undercounts a text cut anywhere', () => {
    const text = 'Ünïcödé words, café au lait; 東京 e=mc² https://x.org/a_b?c=1 **bold** 𝔘𝔫𝔦';
    const parts = text.split(/(?<=\s)/);
    expect(parts.reduce((sum, p) => sum + estimateTokens(p), 0)).toBe(estimateTokens(text));
    for (let cut = 0; cut <= text.length; cut++) {
      expect(estimateTokens(text.slice(0, cut)) + estimateTokens(text.slice(cut))).toBeGreaterThanOrEqual(estimateTokens(text));
      expect(estimateTokens(text, 0, cut)).toBe(estimateTokens(text.slice(0, cut)));
    }
  });
});

describe('parseBlocks', () => {
  it('finds block kinds and trimmed offsets', () => {
    const md = [
      'Title',
      '=====',
      '',
      '  Para line one',
      'line two  ',
      '',
      '```',
      '# not a heading',
      '',
      '```',
      '- a',
      '    - b',
      '',
      '  continued',
      '- c',
      '',
      'x | y',
      '--|--',
      '1 | 2',
      '> quote',
      'lazy',
      '',
      '***',
      '### Sub ###',
    ].join('\n');
    const blocks = parseBlocks(md);
    expect(blocks.map((b) => [b.kind, md.slice(b.start, b.end)])).toEqual([
      ['heading', 'Title\n====='],
      ['paragraph', 'Para line one\nline two'],
      ['code', '```\n# not a heading\n\n```'],
      ['list', '- a\n    - b\n\n  continued\n- c'],
      ['table', 'x | y\n--|--\n1 | 2'],
      ['quote', '> quote\nlazy'],
      ['rule', '***'],
      ['heading', '### Sub ###'],
    ]);
    expect(blocks.filter((b) => b.kind === 'heading').map((b) => [b.level, b.title])).toEqual([
      [1, 'Title'],
      [3, 'Sub'],
    ]);
  });

  it('runs an unclosed fence to the end and handles CRLF', () => {
    const md = '# H\r\n\r\ntext\r\n```\r\ncode\r\n';
    expect(parseBlocks(md).map((b) => [b.kind, md.slice(b.start, b.end)])).toEqual([
      ['heading', '# H'],
      ['paragraph', 'text'],
      ['code', '```\r\ncode'],
    ]);
  });
});

describe('plain text', () => {
  it('drops inline syntax but keeps the words', () => {
    expect(inlineToPlainText('**Bold** _it_ ~~gone~~ `a*b` [t](http://u/(x)) ![alt](i.png) <b>x</b> a &amp; b \\*lit\\*')).toBe(
      'Bold it gone a*b t alt x a & b *lit*',
    );
    expect(inlineToPlainText('snake_case_name and 2 * 3')).toBe('snake_case_name and 2 * 3');
  });

  it('keeps code verbatim, also when a chunk starts inside a code block', () => {
    expect(markdownToPlainText('> ## Quoted *head* ##\n- [x] done\n```\n**kw** | x\n```')).toBe('Quoted head\ndone\n**kw** | x');
    expect(markdownToPlainText('**kw**\n```\nafter *em*', true)).toBe('**kw**\nafter em');
  });
});
