// The administration page in a real browser: an admin adds a service to the catalog through
// the form (a bad code is refused at its field), a supervisor only looks.
import { openDb } from '../support/db';
import { useBrowser, newPage, screenshot, signIn } from '../support/browser';

const db = openDb();
const browser = useBrowser();
afterAll(() => db.$disconnect());

test('an admin adds a service; the API error stands at its field', async () => {
  const code = `printer-${Date.now().toString(36)}`;
  const page = await newPage(browser(), { locale: 'ru-RU' });
  await signIn(page, 'admin');
  await page.getByTestId('nav-admin').click();
  await page.getByTestId('admin-tab-services').click();
  const table = page.getByTestId('admin-services');
  await table.getByTestId('admin-row').first().waitFor();
  await table.getByTestId('admin-add').click();
  const form = table.getByTestId('admin-form');
  await form.locator('[name="code"]').fill('Bad Code');
  await form.locator('[name="name"]').fill('Принтеры');
  await form.locator('[name="serviceClass"]').fill('hardware');
  await form.locator('[name="serviceType"]').fill('printer');
  await form.locator('[name="departmentId"]').selectOption({ index: 0 });
  await form.getByTestId('admin-save').click();
  await table.getByTestId('admin-error-code').waitFor();

  await form.locator('[name="code"]').fill(code);
  await form.getByTestId('admin-save').click();
  await table.getByText(code).waitFor();
  const service = await db.service.findUniqueOrThrow({ where: { code } });
  expect(service).toMatchObject({ name: 'Принтеры', serviceClass: 'hardware', serviceType: 'printer' });
  await screenshot(page, 'admin-services-ru');
  await db.service.delete({ where: { code } });
  await page.context().close();
});

test('a supervisor sees the tables without the buttons to change them', async () => {
  const page = await newPage(browser(), { locale: 'en-US' });
  await signIn(page, 'sergey');
  await page.goto('/admin?tab=departments');
  await page.getByTestId('admin-departments').getByTestId('admin-row').first().waitFor();
  expect(await page.getByTestId('admin-add').count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
  await page.context().close();
});
