// Operator intake for speed: a known caller's request is filed from the keyboard with three
// keys besides the phone number and the text (Enter after the phone, Enter on the caller's
// usual service, Enter to file), counted from the page's own keydown events; and the channel the
// request came by is the operator's choice.
import { randomInt } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';
import { useBrowser, newPage, signIn } from '../support/browser';

const db = openDb();
const browser = useBrowser();
const tag = Date.now().toString(36);
const phone = `+7955${randomInt(1_000_000, 9_999_999)}`;
let clientId: string;

beforeAll(async () => {
  clientId = (await api('olga', 'POST', '/api/clients', { name: `Постоянный клиент ${tag}`, phones: [{ phone }] })).body.client.id;
  // One earlier printer request, done with (its incident unlinked, so the request is closed):
  // the caller's usual service, and no duplicate warning.
  const earlier = await api('elena', 'POST', '/api/requests', { phone, serviceCode: 'repair-printer', description: `${tag} earlier` });
  expect(earlier.status).toBe(201);
  const incident = await waitFor('earlier incident', () => db.incident.findFirst({ where: { requestId: earlier.body.request.id } }), 30000);
  expect((await api('elena', 'POST', `/api/incidents/${incident.id}/transitions`, { action: 'unlink' })).status).toBe(200);
  await waitFor(
    'earlier request closed',
    async () => (await db.serviceRequest.findUniqueOrThrow({ where: { id: earlier.body.request.id } })).status === 'CLOSED',
  );
});
afterAll(() => db.$disconnect());

test("a known caller's request takes 3 keystrokes besides the phone and the description", async () => {
  const page = await newPage(browser(), { locale: 'ru-RU' });
  await signIn(page, 'elena');
  await page.getByTestId('intake-phone').focus();
  await page.evaluate(() => {
    const keys: string[] = [];
    (window as unknown as { keys: string[] }).keys = keys;
    document.addEventListener('keydown', (e) => keys.push(e.key), true);
  });
  // Latin text: Playwright types other alphabets as inserted text, without keydown events.
  const description = `${tag} printer shows a red light`;
  await page.keyboard.type(phone);
  await page.getByTestId('client-card').waitFor(); // the operator glances at the card
  await page.keyboard.press('Enter'); // on to the service search
  await page.keyboard.press('Enter'); // the caller's usual service, first in the list
  await page.keyboard.type(description);
  await page.keyboard.press('Enter'); // file
  await page.getByTestId('intake-filed').waitFor();

  const keys = await page.evaluate(() => (window as unknown as { keys: string[] }).keys);
  expect(keys.filter((k) => k.length > 1)).toEqual(['Enter', 'Enter', 'Enter']);
  expect(keys.length - phone.length - description.length).toBe(3);
  const filed = await db.serviceRequest.findFirstOrThrow({ where: { clientId, description }, include: { service: true } });
  expect(filed.service.code).toBe('repair-printer');
  expect(filed.description).toBe(description); // Enter filed it: no newline in the text
});

test('Shift+Enter starts a new line in the description instead of filing', async () => {
  const page = await newPage(browser(), { locale: 'en-GB' });
  await signIn(page, 'elena');
  await page.getByTestId('intake-description').focus();
  await page.keyboard.type('line one');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('line two');
  expect(await page.getByTestId('intake-description').inputValue()).toBe('line one\nline two');
  expect(await page.getByTestId('intake-filed').count()).toBe(0);
});

test('the operator records the channel a request came by', async () => {
  const page = await newPage(browser(), { locale: 'en-GB' });
  await signIn(page, 'elena');
  await page.getByTestId('intake-phone').fill(phone);
  await page.getByTestId('client-card').waitFor();
  await page.getByTestId('intake-service').selectOption('it-laptop'); // no open request of it: no duplicate warning
  await page.getByTestId('intake-channel').selectOption('EMAIL');
  const description = `${tag} forwarded from the office mailbox`;
  await page.getByTestId('intake-description').fill(description);
  await page.getByTestId('intake-submit').click();
  await page.getByTestId('intake-filed').waitFor();
  const filed = await db.serviceRequest.findFirstOrThrow({ where: { clientId, description } });
  expect(filed.channel).toBe('EMAIL');
});
