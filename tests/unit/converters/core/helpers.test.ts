import { describe, expect, it } from 'vitest';
import { scoringTokens, tokenF1 } from '../../../../src/converters/quality/token-f1.js';
import { detectLanguage, primaryLanguage } from '../../../../src/converters/core/language.js';
import { markdownToText, renderMarkdown } from '../../../../src/converters/core/plain-text.js';
import { outlineOf, titleFromOutline } from '../../../../src/converters/core/outline.js';

describe('token F1', () => {
  it('ignores case, Markdown punctuation and HTML tags', () => {
    expect(scoringTokens('## The *Duck*: <b>[quack](#q)</b> <!-- image -->')).toEqual(['the', 'duck', 'quack', 'q']);
    expect(tokenF1('| A | b |\n| - | - |', 'A B').f1).toBe(1);
  });

  it('counts repeated tokens as a multiset', () => {
    const score = tokenF1('duck duck', 'duck goose');
    expect(score).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it('scores empty against empty as a match and empty against text as a miss', () => {
    expect(tokenF1('', '').f1).toBe(1);
    expect(tokenF1('', 'text').f1).toBe(0);
  });
});

describe('language detection', () => {
  it('returns ISO 639-1 codes', () => {
    expect(
      detectLanguage(
        'The quick brown fox jumps over the lazy dog while the farmer watches from the porch. ' +
          'He drinks his coffee slowly and wonders whether it will rain before the evening.',
      ),
    ).toBe('en');
    expect(
      detectLanguage(
        'Der schnelle braune Fuchs springt über den faulen Hund, während der Bauer zusieht. ' +
          'Er trinkt langsam seinen Kaffee und fragt sich, ob es vor dem Abend regnen wird.',
      ),
    ).toBe('de');
  });

  it('returns null for text too short to tell', () => {
    expect(detectLanguage('Hello world')).toBeNull();
    expect(detectLanguage('1234 5678 — 90')).toBeNull();
  });

  it('normalises declared language tags', () => {
    expect(primaryLanguage('en-US')).toBe('en');
    expect(primaryLanguage('de_DE')).toBe('de');
    expect(primaryLanguage('x-klingon')).toBeNull();
    expect(primaryLanguage(null)).toBeNull();
  });
});

describe('Markdown → text and outline', () => {
  it('reads tables as tab-separated rows and decodes entities', () => {
    expect(markdownToText('| a | b |\n|---|---|\n| 1 &amp; 2 | 3 |')).toBe('a\tb\n1 & 2\t3');
  });

  it('collects headings of every level in order, including setext headings', () => {
    const outline = outlineOf(renderMarkdown('Intro\n=====\n\n## *Sub*\n\n###### Deep'));
    expect(outline).toEqual([
      { level: 1, text: 'Intro' },
      { level: 2, text: 'Sub' },
      { level: 6, text: 'Deep' },
    ]);
  });

  it('takes the title from the first h1, else from a leading top-level heading', () => {
    expect(
      titleFromOutline([
        { level: 2, text: 'A' },
        { level: 1, text: 'B' },
      ]),
    ).toBe('B');
    expect(
      titleFromOutline([
        { level: 2, text: 'A' },
        { level: 3, text: 'B' },
      ]),
    ).toBe('A');
    expect(
      titleFromOutline([
        { level: 3, text: 'A' },
        { level: 2, text: 'B' },
      ]),
    ).toBeNull();
    expect(titleFromOutline([])).toBeNull();
  });
});
