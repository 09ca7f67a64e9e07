// Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core, and sign-in through
// Keycloak's own login form.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { APP_URL, ROOT, testEnv } from './env';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: APP_URL, viewport: { width: 1280, height: 900 }, ...options });
  return context.newPage();
}

/** From the app's sign-in page through Keycloak's form and back to the board. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/board');
  await page.getByTestId('sign-in').click();
  await page.waitForURL((url) => url.href.startsWith(testEnv.OIDC_ISSUER!));
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(testEnv.DEMO_PASSWORD ?? 'demo');
  await page.locator('#kc-login').click();
  await page.waitForURL(`${APP_URL}/board`);
  await page.getByTestId('current-user').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A 360 px phone (the QR pages and the board must work on one). */
export const PHONE: BrowserContextOptions = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

/** The suite's browser: launched before its tests, closed after. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser starts in beforeAll');
    return browser;
  };
}
