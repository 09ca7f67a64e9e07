// Employees from the administration page in a real browser: an admin adds an agent (a Keycloak
// account made through its admin API; a malformed e-mail is refused at its field first), then
// deactivates them, which disables the account in Keycloak too.
import { openDb } from '../support/db';
import { newPage, screenshot, signIn, useBrowser } from '../support/browser';
import { keycloakUser } from '../support/keycloak';
import { letterMarker } from '../support/marker';
import { waitFor } from '../support/processes';

const db = openDb();
const browser = useBrowser();
const username = `hire-${letterMarker('', 8)}`;
afterAll(() => db.$disconnect());

test('an admin adds an agent and deactivates them; Keycloak follows', async () => {
  const page = await newPage(browser(), { locale: 'en-US' });
  await signIn(page, 'admin');
  await page.goto('/admin?tab=employees');
  const table = page.getByTestId('admin-employees');
  await table.getByTestId('admin-row').first().waitFor();
  await table.getByTestId('admin-add').click();
  const form = table.getByTestId('admin-form');
  await form.locator('[name="username"]').fill(username);
  await form.locator('[name="firstName"]').fill('Nina');
  await form.locator('[name="lastName"]').fill('Novikova');
  await form.locator('[name="email"]').fill('not-an-address');
  await form.locator('[name="role"]').selectOption('agent');
  await form.locator('[name="departmentId"]').selectOption((await db.department.findUniqueOrThrow({ where: { code: 'repair' } })).id);
  await form.locator('[name="temporaryPassword"]').fill('first-Password-1');
  await form.getByTestId('admin-save').click();
  await table.getByTestId('admin-error-email').waitFor();
  expect(await db.employee.count({ where: { username } })).toBe(0); // nothing half-made

  await form.locator('[name="email"]').fill(`${username}@example.test`);
  await form.getByTestId('admin-save').click();
  const row = table.getByTestId('admin-row').filter({ hasText: username });
  await row.waitFor();
  expect(await keycloakUser(username)).toMatchObject({ enabled: true, email: `${username}@example.test` });
  expect(await db.employee.findUniqueOrThrow({ where: { username } })).toMatchObject({ fullName: 'Nina Novikova', active: true });
  await screenshot(page, 'admin-employee-en');

  await row.getByRole('button', { name: 'Edit' }).click();
  await form.locator('[name="active"]').uncheck();
  await form.getByTestId('admin-save').click();
  await waitFor('deactivated', async () => (await db.employee.findUniqueOrThrow({ where: { username } })).active === false, 15000);
  expect((await keycloakUser(username)).enabled).toBe(false);
  await page.context().close();
});
