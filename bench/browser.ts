// Signs a demo user in through Keycloak's own form, from the app's board.
import type { Page } from 'playwright-core';

export async function signInPage(page: Page, username: string): Promise<void> {
  await page.goto('/board');
  await page.getByTestId('sign-in').click();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(process.env.DEMO_PASSWORD ?? 'demo');
  await page.locator('#kc-login').click();
  await page.getByTestId('current-user').waitFor();
}
