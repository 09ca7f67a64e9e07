// The e-mail channel as staff see it in Chromium: a client's mail (with a file) to the desk's
// mailbox is a request of channel e-mail in the journal, and a mail from an unknown address waits
// on the admin page's "Inbound mail" tab with its reason. Screenshots for the user guide.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api } from '../support/api';
import { outcome, swaks } from '../support/inbound';
import { newPage, PHONE, screenshot, signIn, useBrowser } from '../support/browser';

const browser = useBrowser();
const tag = randomUUID().slice(0, 8);
let requestId: string;
let strangerSubject: string;

beforeAll(async () => {
  // The seed's client ООО «Ромашка» writes from its address on record, with a file.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inbound-browser-'));
  const log = path.join(dir, 'printer-log.txt');
  fs.writeFileSync(log, 'Error 49.4C02 after the paper jam\n');
  const known = `<printer-${tag}@romashka.example>`;
  swaks('office@romashka.example', known, [
    '--header',
    `Subject: Принтер в бухгалтерии снова пишет ошибку ${tag}`,
    '--body',
    'После замятия бумаги принтер показывает ошибку 49.4C02. Журнал во вложении.',
    '--attach-type',
    'text/plain',
    '--attach-name',
    'printer-log.txt',
    '--attach',
    log,
  ]);
  const taken = await outcome(known);
  expect(taken.status).toBe('PROCESSED');
  requestId = taken.requestId!;
  // An address no client has: held for an operator, not filed.
  strangerSubject = `Question about my invoice ${tag}`;
  const stranger = `<stranger-${tag}@unknown.example>`;
  swaks(`someone-${tag}@unknown.example`, stranger, ['--header', `Subject: ${strangerSubject}`, '--body', 'Hello, who do I ask about my invoice?']);
  expect((await outcome(stranger)).status).toBe('HELD');
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a client's mail is a request of channel e-mail in the journal, with its file on the incident", async () => {
  const request = (await api('olga', 'GET', `/api/requests/${requestId}`)).body.request;
  expect(request.channel).toBe('EMAIL');
  const page = await newPage(browser(), { locale: 'ru-RU' });
  await signIn(page, 'olga');
  await page.goto('/journal');
  await page.locator(`[data-request-id="${requestId}"]`).waitFor();
  await screenshot(page, 'email-request-journal-ru');
  await page.goto(`/incidents/${request.incident.id}`);
  await page.getByText('printer-log.txt').first().waitFor();
  await screenshot(page, 'email-request-incident-ru');
});

test('admins see held mail with its reason on the Inbound mail tab (en, and ru on a 360 px phone)', async () => {
  const page = await newPage(browser(), { locale: 'en-GB' });
  await signIn(page, 'admin');
  await page.goto('/admin?tab=inbound');
  const held = page.getByRole('row').filter({ hasText: strangerSubject });
  await held.waitFor();
  await expect(held.textContent()).resolves.toMatch(/Held/);
  await screenshot(page, 'inbound-mail-en');

  const phone = await newPage(browser(), { ...PHONE, locale: 'ru-RU' });
  await signIn(phone, 'admin');
  await phone.goto('/admin?tab=inbound');
  await phone.getByRole('row').filter({ hasText: strangerSubject }).waitFor();
  await expect(phone.getByRole('row').filter({ hasText: strangerSubject }).textContent()).resolves.toMatch(/Задержано|Задержан/);
  await screenshot(phone, 'inbound-mail-phone-ru');
});
