// Clients in a real browser: the caller's card pops up in the intake as the phone is typed,
// a duplicate open request is warned about before filing, an unknown caller is created with
// the request, and the clients page finds and edits them.
import { randomInt } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { launchBrowser, newPage, screenshot, signIn } from '../support/browser';

const db = openDb();
let browser: Browser;
const tag = Date.now().toString(36);
const known = `+7966${randomInt(1_000_000, 9_999_999)}`;
const stranger = `+7966${randomInt(1_000_000, 9_999_999)}`;
let clientId: string;
beforeAll(async () => {
  browser = await launchBrowser();
  clientId = (await api('olga', 'POST', '/api/clients', { name: `Карточка ${tag}`, phones: [{ phone: known }], notes: 'Звонить после 10:00' })).body.client.id;
  expect((await api('olga', 'POST', '/api/requests', { phone: known, serviceCode: 'it-laptop', description: `${tag} first` })).status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await db.$disconnect();
});

test("the caller's card pops up; a duplicate open request is warned about once", async () => {
  const page = await newPage(browser, { locale: 'ru-RU' });
  await signIn(page, 'olga');
  await page.getByTestId('intake-phone').fill(known);
  await page.getByTestId('client-card').waitFor();
  expect(await page.getByTestId('client-card-name').textContent()).toBe(`Карточка ${tag}`);
  expect(await page.getByTestId('client-card').textContent()).toContain('Звонить после 10:00');
  await page.getByTestId('intake-service').selectOption('it-laptop');
  await page.getByTestId('intake-description').fill(`${tag} second`);
  await page.getByTestId('intake-description').press('Tab');
  await page.getByTestId('intake-submit').press('Enter');
  await page.getByTestId('intake-duplicate').waitFor();
  await screenshot(page, 'intake-card-ru');
  expect(await db.serviceRequest.count({ where: { clientId } })).toBe(1);
  await page.getByTestId('intake-submit').press('Enter');
  await page.getByTestId('intake-filed').waitFor();
  expect(await db.serviceRequest.count({ where: { clientId } })).toBe(2);

  // An unknown caller: said so, and created with the request.
  await page.getByTestId('intake-phone').fill(stranger);
  await page.getByTestId('client-unknown').waitFor();
  await page.getByTestId('intake-client-name').fill(`Новый звонящий ${tag}`);
  await page.getByTestId('intake-description').fill(`${tag} from a new caller`);
  await page.getByTestId('intake-submit').click();
  await page.getByTestId('intake-filed').waitFor();
  expect((await db.client.findUniqueOrThrow({ where: { phone: stranger } })).name).toBe(`Новый звонящий ${tag}`);
  await page.context().close();
});

test('the clients page finds a client by a piece of the phone and edits the card', async () => {
  const page = await newPage(browser, { locale: 'en-US' });
  await signIn(page, 'sergey');
  await page.getByTestId('nav-clients').click();
  await page.getByTestId('client-search').fill(known.slice(4));
  await page
    .getByTestId('client-row')
    .filter({ hasText: `Карточка ${tag}` })
    .waitFor();
  expect(await page.getByTestId('client-row').count()).toBe(1);
  await page.getByTestId('client-row').getByRole('link').click();
  await page.getByTestId('client-title').waitFor();
  expect(await page.getByTestId('client-request').count()).toBe(2);
  await page.locator('textarea[name="phones"]').fill(`${known}\n+7 bad`);
  await page.getByTestId('client-update').click();
  await page.getByTestId('client-phones-error').waitFor();
  await page.locator('textarea[name="phones"]').fill(`${known}\n+7955${randomInt(1_000_000, 9_999_999)}`);
  await page.locator('textarea[name="notes"]').fill('VIP');
  await page.getByTestId('client-update').click();
  await page.getByTestId('client-message').filter({ hasText: 'Saved' }).waitFor();
  const row = await db.client.findUniqueOrThrow({ where: { id: clientId }, include: { phones: true } });
  expect(row.notes).toBe('VIP');
  expect(row.phones).toHaveLength(2);
  await screenshot(page, 'client-en');
  await page.context().close();
});
