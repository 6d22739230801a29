import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sanitizeFilename } from '../../src/services/documents/filename.js';
import { attachmentHeaders } from '../../src/security/csrf.js';
import { NAUGHTY_NAMES } from './security-naughty-names.js';

const ROOT = path.resolve('/srv/docsphere/files');

describe('hostile filenames', () => {
  it.each(NAUGHTY_NAMES.map((n) => [n]))('%j stays a plain name inside the root', (raw) => {
    const name = sanitizeFilename(raw);
    expect(name).not.toMatch(/[\\/\u0000-\u001f]/);
    expect(name.startsWith('.')).toBe(false);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    // Even if some code did join it to a directory, it could not leave that directory.
    const joined = path.resolve(ROOT, name);
    expect(path.dirname(joined)).toBe(ROOT);
  });

  it('serves originals as attachments that browsers neither render nor sniff', () => {
    for (const raw of NAUGHTY_NAMES) {
      const headers = attachmentHeaders(sanitizeFilename(raw), 'text/html');
      expect(headers['content-disposition']).toMatch(/^attachment; filename="[^"\\\r\n]*"; filename\*=UTF-8''[^\s"]*$/);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['content-security-policy']).toContain('sandbox');
    }
  });
});
