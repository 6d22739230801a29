import { describe, expect, it } from 'vitest';
import { TEXT_SEARCH_CONFIGS, textSearchConfig } from '../../../src/search/text-search-config.js';

describe('text-search configuration by language', () => {
  it('stems English and German documents in their language and falls back to simple', () => {
    expect(textSearchConfig('en')).toBe('english');
    expect(textSearchConfig('de')).toBe('german');
    expect(textSearchConfig('ko')).toBe('simple');
    expect(textSearchConfig(null)).toBe('simple');
    expect(textSearchConfig('EN')).toBe('english');
  });

  it('queries every configuration a chunk can carry, simple last', () => {
    expect(TEXT_SEARCH_CONFIGS).toContain('english');
    expect(TEXT_SEARCH_CONFIGS).toContain('german');
    expect(TEXT_SEARCH_CONFIGS.at(-1)).toBe('simple');
    expect(new Set(TEXT_SEARCH_CONFIGS).size).toBe(TEXT_SEARCH_CONFIGS.length);
  });
});
