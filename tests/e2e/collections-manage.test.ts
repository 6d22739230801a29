import { beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from '../helpers/modes.js';
import { corpus } from '../helpers/processes.js';
import { browserSkipReason, dropFiles, screenshot, signUp, useBrowserSuite, type Browser } from './browser.js';
import { Colleague, collectionsPage, row } from './collections-support.js';

const PDF = corpus('pdf', 'multi_page.pdf');
const DOCX = corpus('docx', 'word_sample.docx');
const MD = corpus('md', 'duck.md');
const skip = browserSkipReason();

/**
 * Managing collections in the web client (issue 17), in Chromium against the embedded server:
 * rename and describe, add, move and remove documents, change a member's role, hand ownership
 * on, leave and delete, with a colleague acting through the API. Controls follow the caller's
 * role; what the role cannot tell, the server refuses and the page shows. Each step is checked
 * against what the server answers (picker counts, filtered lists), not just the page's state.
 */
describe.skipIf(skip !== null)('web client: managing collections (Chromium)', () => {
  let d: Deployment;
  let b: Browser;
  let ui: ReturnType<typeof collectionsPage>;
  let colleague: Colleague;
  const listed = (count: string) => ui.listed(count);
  const picker = () => ui.picker();
  const options = () => ui.options();
  const hasOption = (text: string) => ui.hasOption(text);
  const select = (filename: string) => ui.select(filename);
  const noSidewaysScroll = (name: string) => ui.noSidewaysScroll(name);

  const suite = useBrowserSuite();
  beforeAll(() => {
    ({ d, b } = suite);
    ui = collectionsPage(b.page);
  });

  it('starts with a collection holding one of two documents, and a colleague with an account', async () => {
    const { page } = b;
    colleague = new Colleague(`${d.baseUrl}/graphql`);
    await colleague.signUp('colleague@example.com');
    await signUp(page, d.baseUrl, 'manager@example.com');
    await page.getByRole('button', { name: 'New collection' }).click();
    await page.getByLabel('Collection name').fill('Research notes');
    await page.getByRole('button', { name: 'Create' }).click();
    await hasOption('Research notes · owner · 0');
    await dropFiles(page, '[data-testid="dropzone"]', [DOCX]);
    await page.waitForSelector(`${row('word_sample.docx')}[data-status="indexed"]`, { timeout: 120_000 });
    await picker().selectOption({ label: 'All my documents' });
    await dropFiles(page, '[data-testid="dropzone"]', [PDF]);
    await page.waitForSelector(`${row('multi_page.pdf')}[data-status="indexed"]`, { timeout: 120_000 });
    await hasOption('Research notes · owner · 1');
    await listed('2 documents');
  });

  it('renames and describes a collection (owner), and the picker follows', async () => {
    const { page } = b;
    await picker().selectOption({ label: 'Research notes · owner · 1' });
    await page.getByRole('button', { name: 'Settings' }).click();
    // The dialog's name follows the collection's, so find it by role alone once renamed.
    await page.getByRole('dialog', { name: 'Settings of Research notes' }).waitFor();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Team notes');
    await dialog.getByLabel('Description').fill('Papers the team reads this quarter.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByTestId('settings-saved').waitFor();
    await hasOption('Team notes · owner · 1');
    expect(await page.getByTestId('collection-note').textContent()).toContain('“Team notes”');
    await page.getByRole('dialog', { name: 'Settings of Team notes' }).waitFor();
    // The owner is told why there is no "Leave", and may delete.
    expect(await page.getByRole('button', { name: 'Leave collection' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete collection' }).count()).toBe(1);
    await screenshot(page, 'collections-05-settings');
    await noSidewaysScroll('collections-05-settings');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    // A reload reads name and description back from the server.
    await page.reload();
    await picker().selectOption({ label: 'Team notes · owner · 1' });
    await page.getByRole('button', { name: 'Settings' }).click();
    expect(await page.getByRole('dialog').getByLabel('Description').inputValue()).toBe('Papers the team reads this quarter.');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  });

  it('adds, moves and removes documents between collections; they stay with their owner', async () => {
    const { page } = b;
    await page.getByRole('button', { name: 'New collection' }).click();
    await page.getByLabel('Collection name').fill('Archive');
    await page.getByRole('button', { name: 'Create' }).click();
    await hasOption('Archive · owner · 0');

    await picker().selectOption({ label: 'All my documents' });
    await listed('2 documents');
    await select('multi_page.pdf');
    await page.getByLabel('Add to collection').selectOption({ label: 'Team notes' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('collection-batch-done').waitFor();
    expect(await page.getByTestId('collection-batch-done').textContent()).toBe('Added 1 document to “Team notes”.');
    await hasOption('Team notes · owner · 2');

    await picker().selectOption({ label: 'Team notes · owner · 2' });
    await listed('2 documents match');
    await select('word_sample.docx');
    // Only collections the caller edits are targets, never the one shown.
    expect(await page.getByLabel('Move to collection').locator('option').allInnerTexts()).toEqual(['Move to…', 'Archive']);
    await page.getByLabel('Move to collection').selectOption({ label: 'Archive' });
    await screenshot(page, 'collections-06-move');
    await noSidewaysScroll('collections-06-move');
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await listed('1 document match');
    expect(await page.locator(row('multi_page.pdf')).count()).toBe(1);
    await hasOption('Archive · owner · 1');
    await hasOption('Team notes · owner · 1');

    await picker().selectOption({ label: 'Archive · owner · 1' });
    await listed('1 document match');
    await select('word_sample.docx');
    await page.getByRole('button', { name: 'Remove from collection' }).click();
    await page.getByTestId('no-match').waitFor();
    expect(await page.getByTestId('collection-batch-done').textContent()).toBe(
      'Removed 1 document from “Archive”; they stay with their owners.',
    );
    await hasOption('Archive · owner · 0');
    await picker().selectOption({ label: 'All my documents' });
    await listed('2 documents');
  });

  it("changes a member's role and hands ownership on; the new owner's edits arrive live", async () => {
    const { page } = b;
    await picker().selectOption({ label: 'Team notes · owner · 1' });
    await page.getByRole('button', { name: 'Members' }).click();
    const dialog = page.getByRole('dialog', { name: 'Members of Team notes' });
    await dialog.getByLabel('Invite by e-mail').fill('colleague@example.com');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    const member = dialog.locator('li.member[data-email="colleague@example.com"]');
    await member.waitFor();
    expect(await member.textContent()).toContain('viewer');
    await dialog.getByLabel('Role of colleague@example.com').selectOption('EDITOR');
    await page.waitForFunction(() =>
      document.querySelector('li.member[data-email="colleague@example.com"]')?.textContent?.includes('editor · since'),
    );
    await screenshot(page, 'collections-07-roles');
    await noSidewaysScroll('collections-07-roles');

    await member.getByRole('button', { name: 'Make owner' }).click();
    expect(await dialog.getByRole('group', { name: 'Confirm transfer' }).textContent()).toContain('You stay in it as an editor');
    await dialog.getByRole('button', { name: 'Transfer ownership' }).click();
    await page.waitForFunction(() =>
      document.querySelector('li.member[data-email="colleague@example.com"]')?.textContent?.includes('owner · since'),
    );
    expect(await dialog.locator('li.member[data-email="manager@example.com"]').textContent()).toContain('editor');
    // No longer the owner: no member controls, no invitation.
    expect(await dialog.getByRole('button', { name: 'Remove' }).count()).toBe(0);
    expect(await dialog.getByLabel('Invite by e-mail').count()).toBe(0);
    await hasOption('Team notes · editor · 1');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings of Team notes' });
    expect(await settings.getByTestId('collection-description').textContent()).toBe('Papers the team reads this quarter.');
    expect(await settings.getByLabel('Name').count()).toBe(0);
    expect(await settings.getByRole('button', { name: 'Delete collection' }).count()).toBe(0);
    await settings.getByRole('button', { name: 'Close' }).click();

    // The new owner tags my document in their collection: my list shows it without a reload.
    const team = await colleague.collectionId('Team notes');
    const mine = await page.locator(`${row('multi_page.pdf')} a.docname`).getAttribute('href');
    await colleague.update(mine!.split('/').pop()!, { addTags: ['Reviewed'] });
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('reviewed'), `${row('multi_page.pdf')} .chips`);

    // Their own document, uploaded into the collection, is visible to me; a reload resubscribes
    // to their events (shared-events.ts), and their retitle arrives live too.
    const theirs = await colleague.upload(MD, team);
    await page.reload();
    await picker().selectOption({ label: 'Team notes · editor · 2' });
    await page.waitForSelector(`${row('duck.md')}[data-status="indexed"]`, { timeout: 120_000 });
    await page.waitForTimeout(1000);
    await colleague.update(theirs, { title: 'Duck field guide' });
    await page.locator(`${row('duck.md')} a.docname`, { hasText: 'Duck field guide' }).waitFor();

    // Only a document's owner moves it elsewhere: the server's refusal is shown inline.
    await select('duck.md');
    await page.getByLabel('Move to collection').selectOption({ label: 'Archive' });
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await page.getByTestId('collection-batch-error').waitFor();
    expect(await page.getByTestId('collection-batch-error').textContent()).toContain('Only its owner');
    await screenshot(page, 'collections-08-refused');
    expect(await page.locator('li.docrow').count()).toBe(2);
  });

  it('a viewer gets no changing controls; leaving and deleting say documents stay with their owners', async () => {
    const { page } = b;
    const shelf = (await colleague.gql(`mutation { createCollection(input: { name: "Colleague shelf" }) { id } }`)).createCollection.id;
    await colleague.gql(
      `mutation($c: ID!) { inviteCollectionMember(collectionId: $c, email: "manager@example.com", role: VIEWER) { id } }`,
      {
        c: shelf,
      },
    );
    await page.reload();
    await picker().selectOption({ label: 'Colleague shelf · viewer · 0' });
    expect(await page.getByTestId('collection-note').textContent()).toContain('as a viewer');
    await page.getByTestId('no-match').waitFor();
    await page.getByRole('button', { name: 'Members' }).click();
    await page.getByRole('dialog').locator('li.member').first().waitFor();
    expect(await page.getByRole('dialog').getByLabel('Invite by e-mail').count()).toBe(0);
    expect(await page.getByRole('dialog').locator('select').count()).toBe(0);
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    // Leaving: the picker drops it and shows everything again.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Leave collection' }).click();
    expect(await page.getByTestId('confirm-text').textContent()).toContain('they stay with their owners');
    await page.getByRole('button', { name: 'Leave', exact: true }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await options()).not.toContain('Colleague shelf · viewer · 0');
    expect(await picker().inputValue()).toBe('');

    // Deleting (owner): the confirmation says what happens to its documents, which stay listed.
    await picker().selectOption({ label: 'All my documents' });
    await select('word_sample.docx');
    await page.getByLabel('Add to collection').selectOption({ label: 'Archive' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('collection-batch-done').waitFor();
    await hasOption('Archive · owner · 1');
    await picker().selectOption({ label: 'Archive · owner · 1' });
    await listed('1 document match');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Delete collection' }).click();
    expect(await page.getByTestId('confirm-text').textContent()).toBe(
      'Delete “Archive” for all its members? Its documents (1) are not deleted: they stay with their owners, and members lose access to those they do not own.',
    );
    await screenshot(page, 'collections-09-delete');
    await noSidewaysScroll('collections-09-delete');
    await page.getByRole('button', { name: 'Delete for everyone' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await options()).toEqual(['All my documents', 'Team notes · editor · 2']);
    await listed('3 documents');
    expect(await page.locator(row('word_sample.docx')).count()).toBe(1);
  });

  it("a document's page lists its collections and takes it out of one the caller edits", async () => {
    const { page } = b;
    await page.locator(`${row('multi_page.pdf')} a.docname`).click();
    const held = page.getByTestId('document-collections');
    await held.waitFor();
    expect(await held.locator('.chip-text').allInnerTexts()).toEqual(['Team notes']);
    await screenshot(page, 'collections-10-document');
    await noSidewaysScroll('collections-10-document');
    await held.getByRole('button', { name: 'Remove from Team notes' }).click();
    await held.waitFor({ state: 'detached' });
    // Still the caller's document, now in no collection; the colleague's collection holds one less.
    await page.getByRole('link', { name: '← Documents' }).click();
    await hasOption('Team notes · editor · 1');
    await listed('3 documents');
    expect(await page.locator(row('multi_page.pdf')).count()).toBe(1);
  });
});
