import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, type Deployment } from '../helpers/modes.js';
import { browserSkipReason, ensureClientBuilt, launchBrowser, screenshot, signUp, type Browser } from './browser.js';

const skip = browserSkipReason();

/**
 * Defect 5 of issue 16: an expired session dropped the user on the login page with no word of
 * why, and the live-events socket's 4401 close surfaced as an uncaught CloseEvent.
 */
describe.skipIf(skip !== null)('web client when the session expires (embedded server)', () => {
  let d: Deployment;
  let b: Browser;

  beforeAll(async () => {
    ensureClientBuilt();
    // Access tokens live 4 s, so the socket is closed with 4401 within the test.
    d = await deploy('embedded', { JWT_TTL: '4s', RUN_WORKERS: 'false' });
    b = await launchBrowser();
    b.page.setDefaultTimeout(30_000);
  });
  afterAll(async () => {
    await b?.close();
    await d?.stop();
  });

  it('says the session expired on the login page, without an uncaught error', async () => {
    const { page } = b;
    const uncaught: string[] = [];
    page.on('pageerror', (err) => uncaught.push(String(err)));
    await signUp(page, d.baseUrl, 'expiry@example.com');
    await page.waitForSelector('[data-testid="dropzone"]');
    // The session ends on the server (as after a reuse, or a logout elsewhere): the page keeps
    // its tokens, but the refresh token no longer buys a new pair.
    await page.evaluate(async () => {
      const refreshToken = (JSON.parse(localStorage.getItem('docsphere.session')!) as { refreshToken: string }).refreshToken;
      const token = (JSON.parse(localStorage.getItem('docsphere.session')!) as { token: string }).token;
      await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-graphql-csrf': '1', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: 'mutation($r: String) { logOut(refreshToken: $r) }', variables: { r: refreshToken } }),
      });
    });
    await page.getByText('Your session expired; please sign in again').waitFor({ timeout: 20_000 });
    expect(await page.getByRole('button', { name: 'Log in' }).isVisible()).toBe(true);
    await screenshot(page, 'session-expired');
    // Give a late CloseEvent time to surface.
    await page.waitForTimeout(1000);
    expect(uncaught).toEqual([]);
  });
});
