// Someone else's incident by its address: ivan (IT, user) opens the workspace URL of an
// incident filed for maria in the Repair service. The API answers 404 to every call the page
// makes, and the page says "not found" in Russian (and in English after the language switch)
// without a word of the incident itself.
import type { Response } from 'playwright-core';
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { useBrowser, newPage, screenshot, signIn, PHONE } from '../support/browser';
import { waitFor } from '../support/processes';

const db = openDb();
const browser = useBrowser();
afterAll(() => db.$disconnect());
const marker = `NF${Date.now().toString(36)}`;
const description = `${marker} the label printer in room 12 eats labels`;
let incidentId: string;

beforeAll(async () => {
  const requestId = await fileRequest('pavel', 'repair-printer', description, '+74950000023'); // Maria's client record
  incidentId = (await waitFor('incident', () => db.incident.findFirst({ where: { requestId } }), 30000)).id;
  expect((await api('maria', 'GET', `/api/incidents/${incidentId}`)).status).toBe(200); // hers to see
});

test("a user opening another user's incident URL gets a readable not-found page and none of its details", async () => {
  const page = await newPage(browser(), { locale: 'ru-RU', ...PHONE });
  await signIn(page, 'ivan');
  const calls: Response[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith(`/api/incidents/${incidentId}`)) calls.push(r);
  });
  const card = page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/api/incidents/${incidentId}`);
  await page.goto(`/incidents/${incidentId}`);
  expect((await card).status()).toBe(404);

  const notFound = page.getByTestId('workspace-not-found');
  await notFound.waitFor();
  expect(await notFound.getByRole('heading', { level: 1 }).textContent()).toBe('Инцидент не найден');
  expect(await notFound.getByTestId('workspace-error').textContent()).toBe('Такого инцидента нет, или он вам не доступен.');
  expect(await page.title()).toBe('Инцидент не найден · Incident Desk');
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.map((r) => r.status()).filter((s) => s !== 404)).toEqual([]);
  const html = await page.content();
  expect(html).not.toContain(marker);
  expect(html).not.toContain('eats labels');
  expect(await page.getByTestId('workspace-title').count()).toBe(0);
  expect(await page.getByTestId('comment-body').count()).toBe(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'incident-not-found-phone-ru');

  // The message follows the language switch.
  await page.getByTestId('lang-switch').selectOption('en');
  await notFound.getByRole('heading', { level: 1, name: 'Incident not found' }).waitFor();
  expect(await notFound.getByTestId('workspace-error').textContent()).toBe('No such incident, or it is not yours to see.');
  expect(await page.content()).not.toContain(marker);

  // A way on, from the keyboard.
  const toBoard = page.getByTestId('workspace-not-found-board');
  await toBoard.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL('**/board');
  await page.getByTestId('current-user').waitFor();
  await page.context().close();
});
