import { describe, expect, it } from 'vitest';
import { fallbackLanguage, latinShare } from '../../../src/search/language-fallback.js';

describe('a language for texts too short to detect', () => {
  it("takes the owner's dominant language when the few words are ambiguous", () => {
    expect(fallbackLanguage('Häuser am Fluss', 'de')).toBe('de');
    expect(fallbackLanguage('table', 'en')).toBe('en');
    expect(fallbackLanguage('data security', 'en')).toBe('en');
  });

  it('trusts a clear guess among the stemmed languages over the owner default', () => {
    expect(fallbackLanguage('Two tables by the window', 'de')).toBe('en');
    expect(fallbackLanguage('Two tables by the window', null)).toBe('en');
  });

  it('keeps simple for other scripts and when nothing decides', () => {
    expect(fallbackLanguage('얼룩말과 기린', 'en')).toBeNull();
    expect(latinShare('동물원에는 얼룩말 zebra 와 기린이 있습니다')).toBeLessThan(0.5);
    expect(fallbackLanguage('data security', null)).toBeNull();
    expect(fallbackLanguage('Häuser am Fluss', 'ko')).toBeNull();
  });
});
