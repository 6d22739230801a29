import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_DOCUMENT } from '../../client/src/operations.js';
import type { GraphQLHttpClient } from '../helpers/graphql-client.js';
import type { Deployment } from '../helpers/modes.js';
import { corpus } from '../helpers/processes.js';
import { waitIndexed } from '../integration/search-support.js';
import { addDocs, createCollection, ok, signUpClient } from '../integration/tenancy-sharing.js';
import { browserSkipReason, screenshot, signUp, useBrowserSuite, type Browser } from './browser.js';

const PDF = corpus('pdf', 'multi_page.pdf');
const skip = browserSkipReason();

/**
 * Searching a shared knowledge base in the web client (Chromium, embedded server): Carol signs up
 * in the browser; Alice (through the API) shares a collection holding her PDF with her. Carol's
 * search finds Alice's passage among everything she may see and within the picked collection,
 * and the tag filter narrows on the server (a tag the document lacks finds nothing).
 */
describe.skipIf(skip !== null)('web client: search in a shared collection (Chromium)', () => {
  let d: Deployment;
  let b: Browser;
  let alice: GraphQLHttpClient;
  let team: string;
  const hits = () => b.page.locator('li.hit');

  const suite = useBrowserSuite();
  beforeAll(() => {
    ({ d, b } = suite);
  });

  it("finds a colleague's shared passage, within the picked collection too", async () => {
    const { page } = b;
    await signUp(page, d.baseUrl, 'carol-search@example.com');
    await page.getByRole('link', { name: 'Search' }).waitFor();
    alice = (await signUpClient(d.graphqlUrl, 'alice-search@example.com')).c;
    const bytes = new Uint8Array(await readFile(PDF));
    const up = ok(
      await alice.upload(UPLOAD_DOCUMENT, { file: null }, { file: { bytes, name: 'multi_page.pdf', type: 'application/pdf' } }),
    );
    const doc = up.uploadDocument.document.id as string;
    await waitIndexed(alice, doc);
    team = await createCollection(alice, 'History of writing');
    ok(
      await alice.request(`mutation($c: ID!, $e: String!) { inviteCollectionMember(collectionId: $c, email: $e) { id } }`, {
        c: team,
        e: 'carol-search@example.com',
      }),
    );
    ok(await addDocs(alice, team, [doc]));
    ok(await alice.request(`mutation($id: ID!) { updateDocument(id: $id, input: { addTags: ["history"] }) { id } }`, { id: doc }));

    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Search').fill('typewriter Sholes');
    await page.getByRole('button', { name: 'Search' }).click();
    await hits().first().waitFor();
    expect(await hits().first().locator('.score').textContent()).toContain('multi_page.pdf');

    await page.getByLabel('Collection').selectOption({ label: 'History of writing' });
    await page.waitForURL(/collection=/);
    await hits().first().waitFor();
    expect(await hits().first().locator('.docname').textContent()).toBe('The Evolution of the Word Processor');
    await screenshot(page, 'search-collection-01');
  });

  it('picks the collection from the sidebar on a wide screen, and from the picker on a phone', async () => {
    const { page } = b;
    await page.getByRole('link', { name: 'Documents' }).click();
    const nav = page.getByRole('navigation', { name: 'Collections' });
    await nav.getByRole('button', { name: /History of writing/ }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="total"]')?.textContent === '1 document match');
    expect(await nav.locator('button[aria-current="page"]').textContent()).toContain('History of writing');
    expect(await page.locator('li.docrow').getAttribute('data-filename')).toBe('multi_page.pdf');
    await screenshot(page, 'search-collection-03-sidebar');
    await nav.getByRole('button', { name: 'All my documents' }).click();
    expect(await page.getByLabel('Collection', { exact: true }).inputValue()).toBe('');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await nav.isVisible()).toBe(false);
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Search').fill('typewriter Sholes');
    await page.getByRole('button', { name: 'Search' }).click();
    await hits().first().waitFor();
  });

  it('narrows by tags on the server', async () => {
    const { page } = b;
    const tags = page.getByLabel('Tags');
    await tags.fill('HISTORY');
    // The hits of the search before stay on screen until the tagged search answers: wait for it.
    const tagged = page.waitForResponse((r) => r.url().includes('/graphql') && /"tags":\["HISTORY"\]/.test(r.request().postData() ?? ''));
    await tags.press('Enter');
    await page.waitForURL(/tags=HISTORY/);
    await tagged;
    await expect.poll(() => hits().count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await tags.fill('history, recipes');
    await tags.press('Enter');
    await page.waitForURL(/tags=history%2Crecipes/);
    await page.getByText('No passage matches this search.').waitFor();
    expect(await hits().count()).toBe(0);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'search-collection-02-narrow');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 860 });
  });
});
