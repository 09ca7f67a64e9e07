// Self-registration in a real browser: "Register" on Keycloak's sign-in page, the link Keycloak
// mails verifies the e-mail (the desk admits verified addresses only), back in the app the
// newcomer is told their account waits for HR; once an admin puts them on the allow-list they
// get in with their department.
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { testEnv } from '../support/env';
import { useBrowser, newPage, screenshot, PHONE } from '../support/browser';
import { mails } from '../support/mail';
import { waitFor } from '../support/processes';

const db = openDb();
const browser = useBrowser();
afterAll(() => db.$disconnect());

test('a newcomer registers, waits for HR, and gets in once confirmed', async () => {
  const username = `reg-${randomUUID().slice(0, 8)}`;
  const email = `${username}@example.test`;
  const page = await newPage(browser(), { locale: 'en-US', ...PHONE });
  await page.goto('/board');
  await page.getByTestId('sign-in').click();
  await page.waitForURL((url) => url.href.startsWith(testEnv.OIDC_ISSUER!));
  await page.locator('a[href*="registration"]').click();
  await page.locator('#firstName').fill('Nina');
  await page.locator('#lastName').fill('Newcomer');
  await page.locator('#email').fill(email);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('Demo-pass-123');
  await page.locator('#password-confirm').fill('Demo-pass-123');
  await page.locator('[type="submit"]').click();

  // Keycloak asks to verify the e-mail and mails the link; following it completes the sign-in.
  const link = await waitFor('the verification e-mail', async () => {
    const mail = (await mails()).find((m) => m.to.includes(email));
    return mail ? /https?:\/\/\S+action-token\S+/.exec(mail.text)?.[0] : undefined;
  });
  await page.goto(link);
  await page.getByTestId('account-pending').waitFor({ timeout: 30000 });
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your account waits for confirmation');
  await screenshot(page, 'account-pending-phone-en');
  expect(await db.employee.findFirst({ where: { username } })).toBeNull();
  const pending = await api('admin', 'GET', '/api/admin/pending-accounts');
  expect(pending.body.items.map((p: { email: string }) => p.email)).toContain(email);

  // HR (the admin, on the built-in allow-list) confirms; the next visit lets them in.
  expect((await api('admin', 'PUT', `/api/admin/hr-allow-list/${email}`, { departmentCode: 'repair' })).status).toBe(200);
  await page.goto('/board');
  await page.getByTestId('current-user').waitFor();
  expect(await page.getByTestId('current-user').textContent()).toBe('Nina Newcomer');
  const employee = await db.employee.findFirstOrThrow({ where: { username }, include: { department: true } });
  expect(employee.department?.code).toBe('repair');
  expect(employee.roles).toContain('user'); // the realm's default role for newcomers
  await page.context().close();
});
