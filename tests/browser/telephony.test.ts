// Telephony in real Chromium: the operator sets their extension on the profile page; a ring on
// it pops the caller's card (pushed over the call stream, no polling); one key opens the intake
// form with the phone prefilled and the request is filed from the keyboard with channel PHONE and
// linked to the call. An unknown number offers a new client, made once; the card fits 360 px.
import { randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';
import { api } from '../support/api';
import { callEvent } from '../support/callStream';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';
import { newPage, PHONE, screenshot, signIn, useBrowser } from '../support/browser';

const db = openDb();
const browser = useBrowser();
const tag = Date.now().toString(36);
const extension = `74${randomInt(10_000, 99_999)}`;
const known = `+7956${randomInt(1_000_000, 9_999_999)}`;
const stranger = `+7957${randomInt(1_000_000, 9_999_999)}`;
let clientId: string;
afterAll(() => db.$disconnect());

beforeAll(async () => {
  clientId = (await api('sergey', 'POST', '/api/clients', { name: `Звонящий клиент ${tag}`, phones: [{ phone: known }] })).body.client.id;
  expect((await api('sergey', 'POST', '/api/requests', { phone: known, serviceCode: 'it-network', description: `${tag} Wi-Fi drops` })).status).toBe(201);
});

/** Signed in on the board, once its call stream is connected (a ring before that would reach nobody). */
async function board(page: Page): Promise<void> {
  const stream = page.waitForResponse((r) => r.url().endsWith('/api/me/calls/stream') && r.status() === 200);
  await signIn(page, 'sergey');
  await stream;
}

const ring = async (callId: string, caller: string) => {
  const res = await callEvent({ event: 'ringing', callId, caller, called: '+74950000000', extension });
  expect(res.status).toBe(200);
  return res.body.call.id as string;
};

test('the operator sets the extension on the profile page', async () => {
  const page = await newPage(browser(), { locale: 'en-GB' });
  await signIn(page, 'sergey');
  await page.getByTestId('current-user').click();
  await page.getByTestId('profile-extension').fill(extension);
  await page.keyboard.press('Enter');
  await page.getByTestId('profile-saved').waitFor();
  expect((await db.employee.findUniqueOrThrow({ where: { username: 'sergey' } })).extension).toBe(extension);
});

test("a ring pops the caller's card; Enter opens the prefilled intake form and the request is filed from the keyboard", async () => {
  const page = await newPage(browser(), { locale: 'en-GB' });
  await board(page);
  const callId = await ring(`browser-${tag}`, known);
  const card = page.getByTestId('call-card');
  await card.waitFor();
  expect(await page.getByTestId('call-card-client').textContent()).toBe(`Звонящий клиент ${tag}`);
  expect(await page.getByTestId('call-card-open').textContent()).toContain('Wi-Fi drops');
  expect(await page.getByTestId('call-card-hint').textContent()).toContain('Enter');
  await screenshot(page, 'call-card-en');

  await page.keyboard.press('Enter'); // the card's announced key
  await card.waitFor({ state: 'detached' });
  expect(await page.getByTestId('intake-phone').inputValue()).toBe(known);
  await page.getByTestId('intake-from-call').waitFor();
  await page.getByTestId('client-card').waitFor(); // the form's own card: the caller's usual service comes first
  await waitFor('the service search focused', () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'intake-service-search'));
  await page.keyboard.press('Enter'); // the caller's usual service
  const description = `${tag} no network after the call`;
  await page.keyboard.type(description);
  await page.keyboard.press('Enter');
  // The caller's Wi-Fi request is still open: the form says so once, Enter again files anyway.
  await page.getByTestId('intake-duplicate').waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('intake-filed').waitFor();

  const filed = await db.serviceRequest.findFirstOrThrow({ where: { description }, include: { service: true } });
  expect(filed).toMatchObject({ clientId, channel: 'PHONE' });
  expect(filed.service.code).toBe('it-network');
  await waitFor('the call linked', async () => (await db.call.findUniqueOrThrow({ where: { id: callId } })).requestId === filed.id);
});

test('an unknown number offers a new client prefilled with the number; it is made once', async () => {
  const page = await newPage(browser(), { locale: 'ru-RU' });
  await board(page);
  await ring(`stranger-${tag}`, stranger);
  await page.getByTestId('call-card-unknown').waitFor();
  await page.keyboard.press('Enter');
  expect(await page.getByTestId('intake-phone').inputValue()).toBe(stranger);
  await waitFor('the name focused', () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'intake-client-name'));
  await page.keyboard.type(`New caller ${tag}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type(`${tag} first call`);
  await page.keyboard.press('Enter');
  await page.getByTestId('intake-filed').waitFor();
  const made = await waitFor('the new client', () => db.clientPhone.findUnique({ where: { phone: stranger }, include: { client: true } }));
  expect(made.client.name).toBe(`New caller ${tag}`);

  // The same number again: the card knows them, and no second client appears.
  await ring(`stranger2-${tag}`, stranger);
  expect(await page.getByTestId('call-card-client').textContent()).toBe(`New caller ${tag}`);
  expect(await db.clientPhone.count({ where: { phone: stranger } })).toBe(1);
  await page.keyboard.press('Escape');
  await page.getByTestId('call-card').waitFor({ state: 'detached' });
});

test('the card fits a 360 px screen', async () => {
  const page = await newPage(browser(), { ...PHONE, locale: 'ru-RU' });
  await board(page);
  await ring(`phone-${tag}`, known);
  await page.getByTestId('call-card').waitFor();
  const box = (await page.getByTestId('call-card').boundingBox())!;
  // Nothing on the page widens it past the phone (the top bar's links once did, in Russian).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(360);
  await screenshot(page, 'call-card-phone-ru');
});
