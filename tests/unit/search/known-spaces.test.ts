import { describe, expect, it } from 'vitest';
import { KnownSpaces } from '../../../src/search/vector-store.js';

describe('known embedding spaces (a container field)', () => {
  it('remembers a space by model and dimensions, separately per instance', () => {
    const a = new KnownSpaces();
    const b = new KnownSpaces();
    a.remember({ id: 3, model: 'm', dimensions: 384 });
    expect(a.get('m', 384)).toEqual({ id: 3, model: 'm', dimensions: 384 });
    expect(a.get('m', 768)).toBeUndefined();
    expect(b.get('m', 384)).toBeUndefined();
  });
});
