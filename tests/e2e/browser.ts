import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { deploy, type Deployment } from '../helpers/modes.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');

/**
 * Why the browser suite cannot run here, or null. Without Chromium a developer machine skips
 * (with the reason printed); CI (CI set) must have it, so there it is a failure instead.
 */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const reason = `e2e suite needs Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI) throw new Error(`CI is set and ${reason}`);
  console.warn(`\n[skip] ${reason}\n`);
  return reason;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds client/dist when it is missing or older than any client source file. */
export function ensureClientBuilt() {
  const index = path.join(ROOT, 'client', 'dist', 'index.html');
  const sources = Math.max(newestMtime(path.join(ROOT, 'client', 'src')), statSync(path.join(ROOT, 'client', 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  execFileSync('npm', ['run', 'build:client'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Headless Debian Chromium with a fresh profile directory, removed again on close. */
export async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'docsphere-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Full-page, from the top: a sticky header would otherwise be drawn mid-page at the scroll offset. */
export async function screenshot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Drops files on an element the way a user's drag from the desktop does: a real `drop` event
 * whose DataTransfer carries File objects (read from disk in place, sent into the page).
 */
export async function dropFiles(page: Page, selector: string, files: string[]) {
  const payload = await Promise.all(files.map(async (f) => ({ name: path.basename(f), base64: (await readFile(f)).toString('base64') })));
  const transfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.base64), (ch) => ch.charCodeAt(0));
      dt.items.add(new File([bytes], item.name));
    }
    return dt;
  }, payload);
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent(selector, 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer: transfer });
}

/** The embedded server and the browser a describe block's tests share. */
export interface BrowserSuite {
  d: Deployment;
  b: Browser;
}

/**
 * One embedded server and one Chromium page for a describe block: its tests build on each other's
 * state as a user's session does. A failing test leaves a screenshot named after it. Call inside
 * the `describe`; the fields are set once its `beforeAll` has run.
 */
export function useBrowserSuite(afterLaunch?: (suite: BrowserSuite) => Promise<void>): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    ensureClientBuilt();
    suite.d = await deploy('embedded');
    suite.b = await launchBrowser();
    suite.b.page.setDefaultTimeout(30_000);
    await afterLaunch?.(suite);
  });
  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      await screenshot(suite.b.page, `failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => {});
    });
  });
  afterAll(async () => {
    await suite.b?.close();
    await suite.d?.stop();
  });
  return suite;
}

/** Creates an account through the sign-in page's "create an account" form. */
export async function signUp(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('button', { name: /create an account/i }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Sign up' }).click();
}
