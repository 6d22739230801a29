import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from '../helpers/modes.js';
import { corpus } from '../helpers/processes.js';
import { browserSkipReason, dropFiles, screenshot, signUp, useBrowserSuite, type Browser } from './browser.js';

const PDF = corpus('pdf', 'multi_page.pdf');
const IMAGE = corpus('webp', 'webp-test.webp');
const MD = corpus('md', 'wiki.md');
const skip = browserSkipReason();

/**
 * The Paperless-style client in Chromium: list (count, sort, selection, thumbnails, empty
 * states), upload panel, search (modes, filters, help), the viewer with the cited passage
 * highlighted on the rendered PDF page, downloads and exports. Screenshots at 1280 and 390 px.
 */
describe.skipIf(skip !== null)('web client: viewer, search, list and uploads (Chromium)', () => {
  let d: Deployment;
  let b: Browser;
  const row = (name: string) => `li.docrow[data-filename="${name}"]`;

  async function both(name: string) {
    await screenshot(b.page, `${name}-1280`);
    await b.page.setViewportSize({ width: 390, height: 844 });
    // Let a PDF page re-render at the new width before looking.
    await b.page.waitForTimeout(300);
    await b.page.waitForSelector('.pdf-page[data-rendered="false"]', { state: 'detached' });
    await screenshot(b.page, `${name}-390`);
    // Nothing may stick out sideways at phone width.
    const overflow = await b.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name}: horizontal overflow at 390 px`).toBeLessThanOrEqual(0);
    await b.page.setViewportSize({ width: 1280, height: 860 });
    await b.page.waitForTimeout(300);
    await b.page.waitForSelector('.pdf-page[data-rendered="false"]', { state: 'detached' });
  }

  const suite = useBrowserSuite(async ({ b, d }) => {
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: d.baseUrl });
  });
  beforeAll(() => {
    ({ d, b } = suite);
  });

  it('shows "no documents yet" on a new account, with no count to page through', async () => {
    const { page } = b;
    await signUp(page, d.baseUrl, 'viewer@example.com');
    await page.waitForSelector('[data-testid="empty"]');
    expect(await page.locator('[data-testid="total"]').textContent()).toBe('0 documents');
    expect(await page.locator('.pager').count()).toBe(0);
    expect(await page.locator('[data-testid="no-match"]').count()).toBe(0);
  });

  it('uploads: rows move into the list once listed, a failure keeps its message until cleared', async () => {
    const { page } = b;
    await dropFiles(page, '[data-testid="dropzone"]', [PDF, IMAGE, MD]);
    for (const name of ['multi_page.pdf', 'webp-test.webp', 'wiki.md'])
      await page.waitForSelector(`${row(name)}[data-status="indexed"]`, { timeout: 180_000 });
    // Listed documents are not repeated in the upload panel.
    await page.waitForFunction(() => document.querySelectorAll('li.upload').length === 0);

    const junk = await readFile(MD);
    await page.evaluate(
      (bytes) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes.length).map((_, i) => (i * 7919) % 251)], 'noise.bin'));
        dt.items.add(new File([], 'empty.txt'));
        const zone = document.querySelector('[data-testid="dropzone"]')!;
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      },
      [...junk],
    );
    await page.waitForSelector('li.upload[data-filename="noise.bin"] [data-testid="upload-error"]');
    await page.waitForSelector('li.upload[data-filename="empty.txt"] [data-testid="upload-error"]');
    expect(await page.locator('li.upload[data-filename="empty.txt"] [data-testid="upload-error"]').textContent()).toMatch(/empty/i);
    expect(await page.locator('li.upload').count()).toBe(2);
    await both('10-upload-errors');
    await page.locator('.uploads-head').getByRole('button', { name: 'Clear' }).click();
    expect(await page.locator('li.upload').count()).toBe(0);
  });

  it('lists with a total, sorts, selects all, draws thumbnails, and tells "no match" from "no documents"', async () => {
    const { page } = b;
    expect(await page.locator('[data-testid="total"]').textContent()).toBe('3 documents');
    expect(await page.locator('.pager').count()).toBe(0);
    await page.waitForSelector(`${row('multi_page.pdf')} .thumb[data-thumb="pdf"]`);
    await page.waitForSelector(`${row('webp-test.webp')} .thumb[data-thumb="image"]`);

    await page.getByLabel('Sort').selectOption('NAME');
    await page.waitForFunction(() => document.querySelector('li.docrow')?.getAttribute('data-filename') === 'multi_page.pdf');
    expect(await page.locator('li.docrow').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-filename')))).toEqual([
      'multi_page.pdf',
      'webp-test.webp',
      'wiki.md',
    ]);
    await page.getByLabel('Sort').selectOption('SIZE');
    await page.waitForFunction(() => document.querySelector('li.docrow')?.getAttribute('data-filename') === 'multi_page.pdf');
    expect(await page.locator('li.docrow').last().getAttribute('data-filename')).toBe('wiki.md');

    await page.getByLabel('Select all').check();
    expect(await page.locator('.batchbar span').textContent()).toBe('3 selected');
    await both('11-documents');
    await page.getByLabel('Select all').uncheck();

    await page.getByLabel('Filter by name').fill('no-such-file');
    await page.waitForSelector('[data-testid="no-match"]');
    expect(await page.locator('[data-testid="empty"]').count()).toBe(0);
    expect(await page.locator('[data-testid="total"]').textContent()).toBe('0 documents match');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForSelector(row('wiki.md'));
  });

  it('search: help before the first query, modes the server offers, filters, hits best first', async () => {
    const { page } = b;
    await page.getByRole('link', { name: 'Search' }).click();
    await page.waitForSelector('[data-testid="search-help"]');
    expect(await page.locator('[data-testid="search-help"]').textContent()).toContain('"exact phrase"');
    const mode = (name: string) => page.getByRole('radio', { name });
    await page.waitForSelector('.modes button[role="radio"]:not([disabled])');
    expect(await mode('Words').isEnabled()).toBe(true);
    expect(await mode('Hybrid').isEnabled()).toBe(true);
    expect(await mode('Meaning').isDisabled()).toBe(true);

    await page.getByRole('searchbox', { name: 'Search' }).fill('typewriter Sholes');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('li.hit').first().waitFor();
    await mode('Words').click();
    await page.waitForURL(/mode=LEXICAL/);
    await page.locator('li.hit').first().waitFor();
    const scores = await page.locator('li.hit').evaluateAll((hits) => hits.map((h) => Number(h.getAttribute('data-score'))));
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    const first = page.locator('li.hit').first();
    expect(await first.locator('.docname').textContent()).toBe('The Evolution of the Word Processor');
    expect(await first.locator('.score').textContent()).toContain('multi_page.pdf');
    expect(await first.locator('.score').textContent()).toMatch(/score \d+\.\d{3} · words #1/);
    await both('12-search');

    // Type filter: hits from Markdown documents only, then from PDFs only.
    const hitFiles = () => page.locator('li.hit .score').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    const typeOf = (label: string) => page.locator('select[aria-label="Type"] option', { hasText: label }).first().getAttribute('value');
    await page.getByLabel('Type').selectOption((await typeOf('Markdown'))!);
    await page.waitForFunction(() => {
      const hits = [...document.querySelectorAll('li.hit .score')];
      return hits.length > 0 && hits.every((e) => e.textContent?.includes('wiki.md'));
    });
    expect((await hitFiles()).length).toBeGreaterThan(0);
    await page.getByLabel('Type').selectOption((await typeOf('PDF'))!);
    await page.waitForFunction(() => {
      const hits = [...document.querySelectorAll('li.hit .score')];
      return hits.length > 0 && hits.every((e) => e.textContent?.includes('multi_page.pdf'));
    });
    expect((await hitFiles()).length).toBeGreaterThan(0);
    await page.getByLabel('Type').selectOption('');
    await page.locator('li.hit').first().waitFor();
    // Date filter: nothing was uploaded in 2001.
    await page.getByLabel('Uploaded until').fill('2001-01-01');
    await page.waitForSelector('[data-testid="search-help"]');
    expect(await page.locator('[data-testid="search-help"]').textContent()).toContain('No passage matches');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.locator('li.hit').first().waitFor();
    await page.getByLabel('Language').selectOption('de');
    await page.waitForSelector('[data-testid="search-help"]');
    await page.getByLabel('Language').selectOption('en');
    await page.locator('li.hit').first().waitFor();
    await page.getByLabel('Language').selectOption('');
    await page.getByRole('searchbox', { name: 'Search' }).fill('Christopher Latham Sholes');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(() => document.querySelector('li.hit .score')?.textContent?.includes('multi_page.pdf'));
  });

  it('opens a hit on its PDF page, rendered by pdf.js, with the cited passage highlighted', async () => {
    const { page } = b;
    await page.locator('li.hit').first().locator('a.cite').click();
    await page.waitForSelector('.pdf-page[data-rendered="true"]');
    const canvas = page.locator('.pdf-page canvas');
    const size = await canvas.evaluate((c: HTMLCanvasElement) => ({ w: c.width, h: c.height }));
    expect(size.w).toBeGreaterThan(300);
    // The canvas holds a drawn page, not a blank rectangle.
    const inked = await canvas.evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) dark++;
      return dark;
    });
    expect(inked).toBeGreaterThan(1000);

    const marks = page.locator('.pdf-highlight');
    await marks.first().waitFor();
    // The word of the query sits under a highlight.
    const covered = await page.evaluate(() => {
      const spans = [...document.querySelectorAll('.textLayer span')].filter((s) => s.textContent?.includes('Sholes'));
      const rects = [...document.querySelectorAll('.pdf-highlight')].map((m) => m.getBoundingClientRect());
      return spans.some((s) => {
        const r = s.getBoundingClientRect();
        const cx = r.left + r.width / 2;
        const cy = r.top + r.height / 2;
        return rects.some((m) => cx >= m.left && cx <= m.right && cy >= m.top && cy <= m.bottom);
      });
    });
    expect(covered).toBe(true);
    expect(await page.locator('[data-testid="page-of"]').textContent()).toMatch(/Page 1 of \d+/);
    await both('13-viewer-highlight');

    await page.getByRole('button', { name: 'Copy with citation' }).first().click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^“[\s\S]*Sholes[\s\S]*”\n— The Evolution of the Word Processor › .*p\. 1$/);

    await page.getByRole('button', { name: 'Next page' }).click();
    await page.waitForURL(/page=2/);
    await page.waitForSelector('.pdf-page[data-page="2"][data-rendered="true"]');
  });

  it('downloads the original and exports Markdown, text and JSON', async () => {
    const { page } = b;
    const grab = async (act: () => Promise<unknown>) => {
      const [download] = await Promise.all([page.waitForEvent('download'), act()]);
      return { name: download.suggestedFilename(), body: await readFile((await download.path())!) };
    };
    const original = await grab(() => page.getByRole('button', { name: 'Download original' }).click());
    expect(original.name).toBe('multi_page.pdf');
    expect(original.body.equals(await readFile(PDF))).toBe(true);
    const md = await grab(() => page.getByLabel('Export').selectOption('md'));
    expect(md.name).toBe('multi_page.md');
    expect(md.body.toString()).toContain('Pre-Digital Era (19th - Early 20th Century)');
    const txt = await grab(() => page.getByLabel('Export').selectOption('txt'));
    expect(txt.name).toBe('multi_page.txt');
    expect(txt.body.toString()).toContain('Christopher Latham Sholes');
    const json = await grab(() => page.getByLabel('Export').selectOption('json'));
    const parsed = JSON.parse(json.body.toString()) as {
      filename: string;
      chunks: { text: string; pageStart: number }[];
      chunkCount: number;
    };
    expect(parsed.filename).toBe('multi_page.pdf');
    expect(parsed.chunks.length).toBe(parsed.chunkCount);
    expect(parsed.chunks.some((c) => c.text.includes('Sholes') && c.pageStart === 1)).toBe(true);
  });

  it('shows an image as itself and Markdown rendered, with a cited chunk marked', async () => {
    const { page } = b;
    await page.getByRole('link', { name: 'Documents', exact: true }).click();
    await page.locator(row('webp-test.webp')).locator('a.docname').click();
    await page.waitForSelector('img.doc-image');
    expect(await page.locator('img.doc-image').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

    await page.getByRole('link', { name: 'Documents', exact: true }).click();
    await page.locator(row('wiki.md')).locator('a.docname').click();
    await page.waitForSelector('.markdown h1, .markdown h2');
    await page.getByRole('tab', { name: /Chunks/ }).click();
    await page.getByRole('button', { name: 'Show in document' }).nth(1).click();
    await page.waitForSelector('.markdown .cited-passage');
    await both('14-markdown-cited');
  });
});
