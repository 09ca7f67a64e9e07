// The benchmark's Chromium (Debian's, headless) and a demo user's sign-in through Keycloak's
// own form, from the app's board.
import { chromium, type Browser, type Page } from 'playwright-core';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
}

export async function signInPage(page: Page, username: string): Promise<void> {
  await page.goto('/board');
  await page.getByTestId('sign-in').click();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(process.env.DEMO_PASSWORD ?? 'demo');
  await page.locator('#kc-login').click();
  await page.getByTestId('current-user').waitFor();
}
