import { beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from '../helpers/modes.js';
import { corpus } from '../helpers/processes.js';
import { browserSkipReason, dropFiles, screenshot, useBrowserSuite, type Browser } from './browser.js';

const PDF = corpus('pdf', 'multi_page.pdf');
const DOCX = corpus('docx', 'word_sample.docx');
const skip = browserSkipReason();

describe.skipIf(skip !== null)('web client in headless Chromium (embedded server)', () => {
  let d: Deployment;
  let b: Browser;
  const row = (name: string) => `li.docrow[data-filename="${name}"]`;

  const suite = useBrowserSuite();
  beforeAll(() => {
    ({ d, b } = suite);
  });

  it('serves the client at / with SPA fallback and caching, GraphiQL stays at /graphql', async () => {
    const index = await fetch(`${d.baseUrl}/`, { headers: { accept: 'text/html' } });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${d.baseUrl}${asset}`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    const etag = js.headers.get('etag')!;
    expect((await fetch(`${d.baseUrl}${asset}`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    const deep = await fetch(`${d.baseUrl}/documents/some-id`, { headers: { accept: 'text/html' } });
    expect(await deep.text()).toBe(html);
    expect((await fetch(`${d.baseUrl}/assets/missing.js`)).status).toBe(404);
    // An encoded traversal stays inside client/dist: not found, not the project's package.json.
    expect((await fetch(`${d.baseUrl}/..%2f..%2fpackage.json`, { headers: { accept: 'text/html' } })).status).toBe(404);
    const graphiql = await fetch(`${d.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toMatch(/graphiql/i);
  });

  it('signs up, uploads two files by drag & drop and watches both reach "indexed" live', async () => {
    const { page } = b;
    await page.goto(`${d.baseUrl}/`);
    await page.getByRole('button', { name: /create an account/i }).click();
    await screenshot(page, '01-sign-up');
    await page.getByLabel('Email').fill('e2e@example.com');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForSelector('[data-testid="dropzone"]');
    // Survives only as long as the page is not reloaded.
    await page.evaluate(() => ((window as unknown as { e2eMarker: number }).e2eMarker = 42));

    await dropFiles(page, '[data-testid="dropzone"]', [PDF, DOCX]);
    await page.waitForSelector('li.upload[data-filename="multi_page.pdf"]');
    await screenshot(page, '02-uploading');
    for (const name of ['multi_page.pdf', 'word_sample.docx']) {
      await page.waitForSelector(`${row(name)}[data-status="indexed"]`, { timeout: 120_000 });
    }
    // Once listed, a file is shown once: in the list, no longer in the upload panel.
    await page.waitForFunction(() => document.querySelectorAll('li.upload').length === 0);
    expect(await page.evaluate(() => (window as unknown as { e2eMarker?: number }).e2eMarker)).toBe(42);
    await screenshot(page, '03-documents-indexed');

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, '04-documents-narrow');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('searches, shows highlighted snippets with page citations, and opens a hit', async () => {
    const { page } = b;
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Search').fill('typewriter Sholes');
    await page.getByRole('button', { name: 'Search' }).click();
    const hit = page.locator('li.hit').first();
    await hit.waitFor();
    expect(await hit.locator('.docname').textContent()).toBe('The Evolution of the Word Processor');
    expect(await hit.locator('.score').textContent()).toContain('multi_page.pdf');
    expect(await hit.locator('mark').count()).toBeGreaterThan(0);
    const cite = hit.locator('a.cite');
    expect(await cite.textContent()).toMatch(/^p\. \d+/);
    await screenshot(page, '05-search');

    await cite.click();
    await page.waitForSelector('article.doc h1');
    await page.waitForSelector('.pdf-highlight');
    await screenshot(page, '06-document-hit');
    await page.getByRole('tab', { name: 'Details' }).click();
    expect(await page.locator('.meta').textContent()).toContain('application/pdf');
    await screenshot(page, '07-document-details');
  });

  it('deletes a document and the list updates without a reload', async () => {
    const { page } = b;
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.waitForSelector('[data-testid="dropzone"]');
    await page.waitForSelector(row('multi_page.pdf'), { state: 'detached' });
    expect(await page.locator('li.docrow').count()).toBe(1);
    expect(await page.locator(row('word_sample.docx')).count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { e2eMarker?: number }).e2eMarker)).toBe(42);
    await screenshot(page, '08-after-delete');
  });
});
