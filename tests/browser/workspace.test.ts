// The incident workspace in a real browser: from the board card to the page, an internal and
// a public comment, a file uploaded with progress and a refused one explained at the field;
// the requester sees only what is public, on a phone.
import type { Browser } from 'playwright-core';
import { fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { launchBrowser, newPage, screenshot, signIn, PHONE } from '../support/browser';
import { waitFor } from '../support/processes';
import { letterMarker } from '../support/marker';

const db = openDb();
let browser: Browser;
const marker = letterMarker('WS');
let incidentId: string;
beforeAll(async () => {
  browser = await launchBrowser();
  const requestId = await fileRequest('olga', 'it-laptop', `${marker} projector flickers`, '+74950000013'); // Ivan's client record
  incidentId = (await waitFor('incident', () => db.incident.findFirst({ where: { requestId } }), 30000)).id;
});
afterAll(async () => {
  await browser?.close();
  await db.$disconnect();
});

test('an agent opens the workspace from the board, comments, and attaches a file', async () => {
  const page = await newPage(browser, { locale: 'en-US' });
  await signIn(page, 'sergey');
  await page.goto(`/board?q=${marker}`);
  await page.getByTestId('card-open').first().click();
  await page.waitForURL(`**/incidents/${incidentId}`);
  await page.getByTestId('workspace-title').waitFor();

  await page.getByTestId('comment-body').fill('Internal: lamp hours exceeded');
  await page.getByTestId('comment-submit').click();
  await page.locator('[data-testid="comment"][data-public="false"]').waitFor();
  await page.getByTestId('comment-body').fill('We will replace the lamp today');
  await page.getByTestId('comment-public').check();
  await page.getByTestId('comment-submit').click();
  await page.locator('[data-testid="comment"][data-public="true"]').waitFor();

  await page.getByTestId('attachment-file').setInputFiles({ name: 'lamp-log.txt', mimeType: 'text/plain', buffer: Buffer.from('lamp hours: 5012\n') });
  await page.getByTestId('attachment-submit').click();
  await page.getByTestId('attachment').filter({ hasText: 'lamp-log.txt' }).waitFor();
  await page.getByTestId('attachment-file').setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<b>x</b>') });
  await page.getByTestId('attachment-submit').click();
  await page.getByTestId('attachment-error').waitFor();
  expect(await page.getByTestId('attachment').count()).toBe(1);
  await page.locator('[data-testid="timeline"] [data-kind="comment"]').nth(1).waitFor();
  await screenshot(page, 'workspace-en');
  expect(await db.comment.count({ where: { incidentId } })).toBe(2);
  await page.context().close();
});

test('the requester sees public comments only and answers from a phone', async () => {
  const page = await newPage(browser, { locale: 'ru-RU', ...PHONE });
  await signIn(page, 'ivan');
  await page.goto(`/incidents/${incidentId}`);
  await page.getByTestId('workspace-title').waitFor();
  await page.getByTestId('comment').first().waitFor();
  const texts = await page.getByTestId('comment').allTextContents();
  expect(texts.some((t) => t.includes('We will replace the lamp today'))).toBe(true);
  expect(texts.some((t) => t.includes('lamp hours exceeded'))).toBe(false);
  expect(await page.getByTestId('comment-public').count()).toBe(0); // requesters' comments are public
  await page.getByTestId('comment-body').fill('Спасибо, жду');
  await page.getByTestId('comment-submit').click();
  await page.getByTestId('comment').filter({ hasText: 'Спасибо, жду' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'workspace-phone-ru');
  // Someone else's incident is simply not there.
  const maria = await newPage(browser, { locale: 'en-US' });
  await signIn(maria, 'maria');
  await maria.goto(`/incidents/${incidentId}`);
  await maria.getByTestId('workspace-error').waitFor();
  await maria.context().close();
  await page.context().close();
});
