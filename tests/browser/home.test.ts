// The role-aware home page in a real browser: an agent lands on what is assigned to them and
// opens an incident from it; a requester on a phone sees their open requests and no staff
// sections, with the way to a new request.
import { randomUUID } from 'node:crypto';
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { newPage, screenshot, signIn, useBrowser, PHONE } from '../support/browser';
import { waitFor } from '../support/processes';
import { OLGA, roomAtOlga } from '../support/agentRoom';
import { letterMarker } from '../support/marker';

const db = openDb();
roomAtOlga(db);
const browser = useBrowser();
const marker = letterMarker('HM');
afterAll(() => db.$disconnect());

test("an agent's home lists what is assigned to them; a title opens the incident", async () => {
  const requestId = await fileRequest('olga', 'it-laptop', `${marker} keyboard`, '+74950000013');
  const incident = await waitFor('assigned to Olga', () => db.incident.findFirst({ where: { requestId, assigneeId: OLGA } }), 30000);
  const page = await newPage(browser(), { locale: 'en-US' });
  await signIn(page, 'olga');
  await page.goto('/');
  const mine = page.getByTestId('home-mine');
  await mine.waitFor();
  const count = Number(await mine.getByTestId('home-mine-count').textContent());
  expect(count).toBeGreaterThan(0);
  expect(await page.getByTestId('home-myRequests').count()).toBe(0); // staff: no requester section
  // The section lists the first 10 by SLA due time: after other suites, hers may be further down.
  const link = mine.getByRole('link', { name: incident.title });
  if (await link.count()) {
    await screenshot(page, 'home-en');
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/incidents/${incident.id}`);
  } else {
    // More than a page of her incidents are open: the section links to all of them.
    await mine.getByRole('link', { name: `All ${count}` }).waitFor();
  }
  await page.context().close();
});

test('a requester on a phone sees their open requests and the way to a new one', async () => {
  const description = `${marker} портал`;
  const filed = await api('ivan', 'POST', '/api/portal/requests', { serviceCode: 'it-laptop', description }, { 'Idempotency-Key': randomUUID() });
  expect(filed.status).toBe(201);
  const page = await newPage(browser(), { locale: 'ru-RU', ...PHONE });
  await signIn(page, 'ivan');
  await page.goto('/');
  const mine = page.getByTestId('home-myRequests');
  await mine.getByText(description).waitFor();
  for (const staffOnly of ['home-mine', 'home-waiting', 'home-dueSoon']) expect(await page.getByTestId(staffOnly).count()).toBe(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await screenshot(page, 'home-phone-ru');
  await mine.getByRole('link', { name: 'Новое обращение' }).click();
  await page.waitForURL('**/portal');
  await page.context().close();
});
