import { beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from '../helpers/modes.js';
import { corpus } from '../helpers/processes.js';
import { browserSkipReason, dropFiles, screenshot, signUp, useBrowserSuite, type Browser } from './browser.js';
import { collectionsPage, row } from './collections-support.js';

const PDF = corpus('pdf', 'multi_page.pdf');
const DOCX = corpus('docx', 'word_sample.docx');
const skip = browserSkipReason();

/**
 * Collections and tags in the web client, in Chromium against the embedded server: create a
 * collection, upload into it, narrow the list to it, tag a document and narrow by tag, invite and
 * remove a member. The list filters run on the server, so a row showing up under a filter proves
 * the membership/tag stored. Managing collections is in collections-manage.test.ts.
 */
describe.skipIf(skip !== null)('web client: collections and tags (Chromium)', () => {
  let d: Deployment;
  let b: Browser;
  let ui: ReturnType<typeof collectionsPage>;
  const total = () => ui.total();
  const listed = (count: string) => ui.listed(count);
  const noSidewaysScroll = (name: string) => ui.noSidewaysScroll(name);

  const suite = useBrowserSuite();
  beforeAll(() => {
    ({ d, b } = suite);
    ui = collectionsPage(b.page);
  });

  it('creates a collection, which is picked and listed with the caller as owner', async () => {
    const { page } = b;
    await signUp(page, d.baseUrl, 'collections@example.com');
    await page.waitForSelector('[data-testid="collections"]');

    await page.getByRole('button', { name: 'New collection' }).click();
    await page.getByLabel('Collection name').fill('Research notes');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('collection-note').waitFor();
    expect(await page.getByTestId('collection-note').textContent()).toContain('new uploads go into it');
    const picker = page.getByLabel('Collection', { exact: true });
    const pickedText = await picker.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent);
    expect(pickedText).toBe('Research notes · owner · 0');
    // An empty collection lists nothing: the filter is applied, not just shown.
    await page.getByTestId('no-match').waitFor();
  });

  it('uploads into the picked collection, and the collection filter shows only its documents', async () => {
    const { page } = b;
    await dropFiles(page, '[data-testid="dropzone"]', [DOCX]);
    await page.waitForSelector(`${row('word_sample.docx')}[data-status="indexed"]`, { timeout: 120_000 });
    // The count in the picker follows the upload.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('select[aria-label="Collection"] option')].some((o) => o.textContent === 'Research notes · owner · 1'),
    );

    // A file uploaded with no collection picked stays outside it.
    await page.getByLabel('Collection', { exact: true }).selectOption({ label: 'All my documents' });
    expect(await page.getByTestId('collection-note').count()).toBe(0);
    await dropFiles(page, '[data-testid="dropzone"]', [PDF]);
    await page.waitForSelector(`${row('multi_page.pdf')}[data-status="indexed"]`, { timeout: 120_000 });
    expect(await page.locator('li.docrow').count()).toBe(2);

    await page.getByLabel('Collection', { exact: true }).selectOption({ label: 'Research notes · owner · 1' });
    await listed('1 document match');
    expect(await page.locator('li.docrow').count()).toBe(1);
    expect(await page.locator(row('word_sample.docx')).count()).toBe(1);
    expect(await total()).toBe('1 document match');
    await screenshot(page, 'collections-01-filtered');
    await noSidewaysScroll('collections-01-filtered');
  });

  it('adds and removes tags on a document, and the tag filter narrows the list', async () => {
    const { page } = b;
    await page.getByLabel('Collection', { exact: true }).selectOption({ label: 'All my documents' });
    await listed('2 documents');
    await page.locator(`${row('word_sample.docx')} a.docname`).click();
    await page.getByTestId('tags').waitFor();
    await page.getByLabel('Add tags').fill(' Quarterly, Draft ,quarterly');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const chips = page.locator('[data-testid="tags"] .chip-text');
    await page.getByRole('button', { name: 'Remove tag quarterly' }).waitFor();
    // Lower case, trimmed, deduplicated and sorted, as the server stores them.
    expect(await chips.allInnerTexts()).toEqual(['draft', 'quarterly']);
    expect(await page.getByLabel('Add tags').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Remove tag draft' }).click();
    await page.getByRole('button', { name: 'Remove tag draft' }).waitFor({ state: 'detached' });
    expect(await chips.allInnerTexts()).toEqual(['quarterly']);
    await screenshot(page, 'collections-02-tags');
    await noSidewaysScroll('collections-02-tags');

    // A reload reads the tags back from the server.
    await page.reload();
    await page.getByRole('button', { name: 'Remove tag quarterly' }).waitFor();
    expect(await chips.count()).toBe(1);

    await page.getByRole('link', { name: '← Documents' }).click();
    await page.waitForSelector(row('multi_page.pdf'));
    expect(await page.locator(`${row('word_sample.docx')} .chip`).allInnerTexts()).toEqual(['quarterly']);
    await page.getByLabel('Filter by tags').fill('QUARTERLY');
    await listed('1 document match');
    expect(await page.locator('li.docrow').count()).toBe(1);
    expect(await page.locator(row('word_sample.docx')).count()).toBe(1);
    await screenshot(page, 'collections-03-tag-filter');

    // The removed tag no longer matches anything.
    await page.getByLabel('Filter by tags').fill('draft');
    await page.getByTestId('no-match').waitFor();
    expect(await page.locator('li.docrow').count()).toBe(0);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForSelector(row('multi_page.pdf'));
    expect(await page.getByLabel('Filter by tags').inputValue()).toBe('');
  });
  it('lists members, invites an existing user with a role and removes them again', async () => {
    const { page } = b;
    // The invitee must exist: sign them up through the API, as they would themselves.
    const signUp = await fetch(`${d.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { token } }',
        variables: { e: 'colleague@example.com', p: 'correct horse battery staple' },
      }),
    });
    expect(((await signUp.json()) as { data?: { signUp?: { token?: string } } }).data?.signUp?.token).toBeTruthy();

    await page.getByLabel('Collection', { exact: true }).selectOption({ label: 'Research notes · owner · 1' });
    await page.getByRole('button', { name: 'Members' }).click();
    const dialog = page.getByRole('dialog', { name: 'Members of Research notes' });
    await dialog.locator('li.member[data-email="collections@example.com"]').waitFor();
    expect(await dialog.locator('li.member').count()).toBe(1);
    expect(await dialog.locator('li.member').first().textContent()).toContain('owner');
    // The owner cannot be removed from here.
    expect(await dialog.getByRole('button', { name: 'Remove' }).count()).toBe(0);

    // Someone without an account cannot be added: the server's error is shown, nothing added.
    await dialog.getByLabel('Invite by e-mail').fill('nobody@example.com');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await dialog.getByTestId('members-error').waitFor();
    expect(await dialog.locator('li.member').count()).toBe(1);

    await dialog.getByLabel('Invite by e-mail').fill('colleague@example.com');
    await dialog.getByLabel('Role').selectOption('EDITOR');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    const colleague = dialog.locator('li.member[data-email="colleague@example.com"]');
    await colleague.waitFor();
    expect(await colleague.textContent()).toContain('editor');
    expect(await dialog.getByTestId('members-error').count()).toBe(0);
    expect(await dialog.getByLabel('Invite by e-mail').inputValue()).toBe('');
    await screenshot(page, 'collections-04-members');
    await noSidewaysScroll('collections-04-members');

    await colleague.getByRole('button', { name: 'Remove' }).click();
    await colleague.waitFor({ state: 'detached' });
    // Reopening reads the members from the server again.
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Members' }).click();
    await dialog.locator('li.member[data-email="collections@example.com"]').waitFor();
    expect(await dialog.locator('li.member').count()).toBe(1);
  });
});
