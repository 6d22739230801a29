import { describe, expect, it } from 'vitest';
import type { ApiDocument } from '../../src/cli/api-client.js';
import { resolveDocumentId, shortId } from '../../src/cli/document-ids.js';
import { formatHit, type Hit } from '../../src/cli/search.js';
import { displayWidth, ellipsize, formatTable } from '../../src/cli/table.js';

const uuid = '3f2a9c1e-7b44-4d1a-9e0f-0123456789ab';
const longName = `${'quarterly-report-of-the-regional-subsidiaries-'.repeat(4)}final.pdf`;
const wideName = `${'年度報告書と財務諸表'.repeat(8)}.pdf`;
const emojiName = `📄${'🚀'.repeat(60)}.md`;

describe('displayWidth and ellipsize', () => {
  it('count CJK and emoji as two columns, colour escapes and combining marks as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('年度')).toBe(4);
    expect(displayWidth('🚀')).toBe(2);
    expect(displayWidth('\x1b[1mbold\x1b[0m')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it('cut to the width, keeping the extension in the middle mode', () => {
    const cut = ellipsize(longName, 30, 'middle');
    expect(displayWidth(cut)).toBeLessThanOrEqual(30);
    expect(cut).toMatch(/^quarterly.*….*final\.pdf$/);
    const wide = ellipsize(wideName, 21, 'end');
    expect(displayWidth(wide)).toBeLessThanOrEqual(21);
    expect(wide.endsWith('…')).toBe(true);
    expect(ellipsize('short', 30)).toBe('short');
  });
});

describe('formatTable', () => {
  it('keeps every line within 100 columns whatever the names, and the short columns whole', () => {
    const rows = [longName, wideName, emojiName, 'a.txt'].map((n) => [uuid.slice(0, 8), 'INDEXED', '1.2 MiB', '2026-12-07 03:00', n]);
    const out = formatTable(['ID', 'STATUS', 'SIZE', 'CREATED', 'NAME'], rows, { 4: 'middle' }).split('\n');
    expect(out).toHaveLength(5);
    for (const line of out) expect(displayWidth(line)).toBeLessThanOrEqual(100);
    expect(out[1]).toMatch(/^3f2a9c1e {2}INDEXED {2}1\.2 MiB {2}2026-12-07 03:00 {2}quarterly.*…/);
    expect(out[4]!.endsWith('a.txt')).toBe(true);
    // Columns line up: NAME starts at the same column on every line.
    const nameAt = displayWidth(out[0]!.slice(0, out[0]!.indexOf('NAME')));
    expect(displayWidth(out[2]!.slice(0, out[2]!.indexOf('年')))).toBe(nameAt);
  });

  it('shares the room between two long columns instead of cutting one to nothing', () => {
    const error = `CORRUPT_DOCUMENT: ${'the archive ends before its central directory '.repeat(2)}`;
    const [, row] = formatTable(['FILE', 'ERROR'], [[longName, error]], { 0: 'middle', 1: 'end' }).split('\n');
    expect(displayWidth(row!)).toBeLessThanOrEqual(100);
    const [file, message] = row!.split(/ {2,}/);
    expect(Math.abs(displayWidth(file!) - displayWidth(message!))).toBeLessThanOrEqual(1);
    expect(message).toMatch(/^CORRUPT_DOCUMENT: the archive/);
  });

  it('leaves a table that fits as it was', () => {
    expect(formatTable(['A', 'B'], [['x', 'yy']])).toBe('A  B\nx  yy');
  });
});

describe('formatHit', () => {
  const hit = (filename: string, snippet: string): Hit => ({
    document: { id: 'RG9jdW1lbnQ6...', uuid, filename } as ApiDocument,
    chunk: { headings: ['Chapter 3: A heading that is rather long as headings in annual reports go'], pageStart: 12, pageEnd: 12 },
    score: 1,
    snippet,
  });
  const snippet = `${'word '.repeat(5)}<mark>revenue</mark> ${'more text '.repeat(20)}`;

  it('fits both lines in 100 columns with the short ID, keeping highlights whole', () => {
    for (const name of [longName, wideName, emojiName, 'a.txt']) {
      const [first, second] = formatHit(hit(name, snippet), 10, true).split('\n');
      expect(displayWidth(first!)).toBeLessThanOrEqual(100);
      expect(displayWidth(second!)).toBeLessThanOrEqual(100);
      expect(first).toMatch(/^10\. .* {2}3f2a9c1e$/);
      expect(second).toContain('\x1b[1mrevenue\x1b[0m');
      expect(second!.endsWith('…')).toBe(true);
    }
    expect(formatHit(hit('a.txt', 'short <mark>hit</mark>'), 1, false)).toBe(
      '1. a.txt (p. 12 · Chapter 3: A heading that is rather long as headings in annual reports …  3f2a9c1e\n   short hit',
    );
  });
});

describe('short IDs', () => {
  it('are the UUID prefix, and a unique prefix resolves to the full UUID', async () => {
    expect(shortId({ uuid })).toBe('3f2a9c1e');
    const other = '3f2a0000-0000-4000-8000-000000000000';
    const pages = [
      { items: [{ uuid: other }], pageInfo: { hasNextPage: true, endCursor: 'c1' } },
      { items: [{ uuid }], pageInfo: { hasNextPage: false, endCursor: null } },
    ];
    let calls = 0;
    const api = { request: () => Promise.resolve(pages[calls++]) } as never;
    expect(await resolveDocumentId(api, '3F2A9C1E')).toBe(uuid);
    calls = 0;
    await expect(resolveDocumentId(api, '3f2a')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    calls = 0;
    await expect(resolveDocumentId(api, 'ffff')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await resolveDocumentId(api, 'RG9jdW1lbnQ6abc')).toBe('RG9jdW1lbnQ6abc');
  });
});
