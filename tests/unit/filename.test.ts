import { describe, expect, it } from 'vitest';
import { sanitizeFilename } from '../../src/services/documents/filename.js';

describe('sanitizeFilename', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system32\\cmd.exe', 'cmd.exe'],
    ['report\u202Efdp.exe', 'reportfdp.exe'],
    ['a\u0000b\nc.txt', 'abc.txt'],
    ['   ', 'untitled'],
    ['..', 'untitled'],
    ['', 'untitled'],
    [undefined, 'untitled'],
    ['.hidden', 'hidden'],
    ['Résumé.pdf', 'Résumé.pdf'],
  ])('%j -> %j', (input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
  });

  it('caps the length in bytes and keeps the extension', () => {
    const name = sanitizeFilename(`${'ä'.repeat(300)}.docx`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith('.docx')).toBe(true);
  });
});
