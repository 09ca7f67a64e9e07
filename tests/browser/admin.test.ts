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

test('an admin rewrites a notification template: an unknown placeholder is refused at its field, the preview fills in, a reset restores it', async () => {
  const page = await newPage(browser(), { locale: 'en-GB' });
  await signIn(page, 'admin');
  await page.goto('/admin?tab=templates');
  await page.getByTestId('template-pick').selectOption('sla-breach:en');
  await page.getByTestId('template-subject').fill('Breach on {ref}: act now');
  await page.getByTestId('template-body').fill('Incident "{title}" missed its {clock} target. Owner: {agentName}');
  await page.getByTestId('template-save').click();
  await page.getByTestId('template-body-error').getByText('{agentName}').waitFor();
  expect(await db.notificationTemplate.count({ where: { name: 'sla-breach', lang: 'en' } })).toBe(0);

  // The placeholder buttons insert at the cursor; the preview shows sample values.
  await page.getByTestId('template-body').fill('Incident "{title}" missed its target: ');
  await page.getByTestId('template-body').press('End');
  await page.getByRole('button', { name: '{clock}' }).click();
  await page.getByTestId('template-preview').getByText('Breach on AB12CD34: act now').waitFor();
  await page.getByTestId('template-save').click();
  await page.getByTestId('template-message').waitFor();
  const stored = await db.notificationTemplate.findUniqueOrThrow({ where: { name_lang: { name: 'sla-breach', lang: 'en' } } });
  expect(stored).toMatchObject({ subject: 'Breach on {ref}: act now', body: 'Incident "{title}" missed its target: {clock}' });
  await screenshot(page, 'admin-templates-en');

  await page.getByTestId('template-reset').click();
  await page.waitForFunction(() => (document.querySelector('[data-testid="template-subject"]') as HTMLInputElement | null)?.value === 'SLA breached: {ref}');
  expect(await db.notificationTemplate.count({ where: { name: 'sla-breach', lang: 'en' } })).toBe(0);
});
