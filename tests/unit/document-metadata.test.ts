import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { parseTagChanges } from '../../src/cli/tag.js';
import {
  mergeCustomFields,
  normalizeTag,
  normalizeTagFilter,
  normalizeTags,
  normalizeTitle,
} from '../../src/services/documents/document-metadata.js';
import { applyChange } from '../../src/services/documents/update-document.js';

/** The rules for user-written metadata: what is stored, and what is refused as BAD_USER_INPUT. */
const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).code;
  }
  throw new Error('not refused');
};

describe('document metadata rules', () => {
  it('stores a tag lower case, trimmed, one space inside, NFKC-folded', () => {
    expect(normalizeTag('  Q3   Report\t')).toBe('q3 report');
    expect(normalizeTag('ＦＩＮＡＮＣＥ')).toBe('finance');
    expect(normalizeTag('Ärger')).toBe('ärger');
    expect(normalizeTags(['b', 'A', 'a ', 'B'])).toEqual(['a', 'b']);
  });

  it('refuses empty, over-long, comma and control-character tags', () => {
    for (const bad of ['', '   ', 'x'.repeat(65), 'a,b', 'tab\u0000x'])
      expect(
        refused(() => normalizeTag(bad)),
        JSON.stringify(bad),
      ).toBe('BAD_USER_INPUT');
    expect(normalizeTag('x'.repeat(64))).toHaveLength(64);
    // Length counts characters, not UTF-16 units: 64 emoji are fine.
    expect(normalizeTag('🏷'.repeat(64))).toBe('🏷'.repeat(64));
  });

  it('treats an empty tag filter as none and bounds a long one', () => {
    expect(normalizeTagFilter([])).toBeUndefined();
    expect(normalizeTagFilter(null)).toBeUndefined();
    expect(normalizeTagFilter(['A', 'a'])).toEqual(['a']);
    expect(refused(() => normalizeTagFilter(Array.from({ length: 51 }, (_, i) => `t${i}`)))).toBe('BAD_USER_INPUT');
  });

  it('clears the title override for null or blank, refuses an over-long one', () => {
    expect(normalizeTitle(null)).toBeNull();
    expect(normalizeTitle('   ')).toBeNull();
    expect(normalizeTitle(' Report ')).toBe('Report');
    expect(refused(() => normalizeTitle('x'.repeat(501)))).toBe('BAD_USER_INPUT');
  });

  it('merges custom fields: strings set, null removes, anything else is refused', () => {
    expect(mergeCustomFields({ a: '1', b: '2' }, { b: null, c: '3', ' d ': '4' })).toEqual({ a: '1', c: '3', d: '4' });
    for (const bad of [null, [], 'x', { n: 1 }, { o: {} }, { '': 'v' }, { k: 'v'.repeat(2001) }])
      expect(
        refused(() => mergeCustomFields({}, bad)),
        JSON.stringify(bad),
      ).toBe('BAD_USER_INPUT');
    const full = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    expect(Object.keys(mergeCustomFields({}, full))).toHaveLength(50);
    expect(refused(() => mergeCustomFields(full, { one: 'more' }))).toBe('BAD_USER_INPUT');
  });

  it('applies tags, then addTags, then removeTags, and keeps untouched fields', () => {
    const current = { titleOverride: 'T', tags: ['old'], customFields: { k: 'v' } };
    expect(applyChange(current, { addTags: ['New'], removeTags: ['OLD'] })).toEqual({
      titleOverride: 'T',
      tags: ['new'],
      customFields: { k: 'v' },
    });
    expect(applyChange(current, { tags: ['x', 'y'], addTags: ['z'], removeTags: ['x'] }).tags).toEqual(['y', 'z']);
    expect(applyChange(current, { title: null }).titleOverride).toBeNull();
    const many = Array.from({ length: 50 }, (_, i) => `t${i}`);
    expect(refused(() => applyChange({ ...current, tags: many }, { addTags: ['one-more'] }))).toBe('BAD_USER_INPUT');
  });

  it('reads the CLI `tag` changes: +a and bare a add, -b removes', () => {
    expect(parseTagChanges(['+a', '-b', 'c', '+Two words'])).toEqual({ addTags: ['a', 'c', 'Two words'], removeTags: ['b'] });
    expect(refused(() => parseTagChanges(['+']))).toBe('BAD_USER_INPUT');
    expect(refused(() => parseTagChanges(['-  ']))).toBe('BAD_USER_INPUT');
  });
});
