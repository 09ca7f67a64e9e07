// The journal of requests in a real browser: filters kept in the URL, a field error from the
// API shown at its field, the CSV export of the filtered list, and a 360 px phone.
import type { Browser } from 'playwright-core';
import { fileRequest } from '../support/api';
import { launchBrowser, newPage, screenshot, signIn, PHONE } from '../support/browser';
import { letterMarker } from '../support/marker';

let browser: Browser;
const marker = letterMarker('JB');
const ids: string[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
  ids.push(await fileRequest('olga', 'it-laptop', `${marker} Монитор мигает`));
  ids.push(await fileRequest('olga', 'it-laptop', `${marker} Мышь не работает`));
});
afterAll(() => browser?.close());

test('a supervisor filters the journal, shares its URL and exports the same rows as CSV', async () => {
  const page = await newPage(browser, { locale: 'ru-RU' });
  await signIn(page, 'sergey');
  await page.goto('/journal');
  await page.getByTestId('journal-table').waitFor();
  await page.getByTestId('journal-q').fill(marker);
  await page.waitForURL(new RegExp(`q=${marker}`));
  const rows = page.getByTestId('journal-row');
  // The filtered page replaces the unfiltered one: wait for exactly this run's two rows.
  await page.waitForFunction((m) => {
    const texts = Array.from(document.querySelectorAll('[data-testid="journal-row"]'), (e) => e.textContent ?? '');
    return texts.length === 2 && texts.every((t) => t.includes(m));
  }, marker);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-request-id')))).toEqual([...ids].reverse());

  await page.getByTestId('journal-q').fill(`${marker} монитор`);
  await page.waitForURL(/q=.*%D0%BC%D0%BE%D0%BD%D0%B8%D1%82%D0%BE%D1%80|q=.*монитор/);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="journal-row"]').length === n, 1);
  expect(await rows.first().getAttribute('data-request-id')).toBe(ids[0]);
  await page.getByTestId('journal-status').selectOption('CLOSED');
  await page.getByTestId('journal-empty').waitFor();
  await screenshot(page, 'journal-ru');

  // The URL is the filter: opened afresh, it shows the same (empty) list.
  const shared = page.url();
  expect(shared).toContain('status=CLOSED');
  await page.goto(shared);
  await page.getByTestId('journal-empty').waitFor();

  // A bad date range is refused by the API and the message stands next to the field.
  await page.getByTestId('journal-status').selectOption('');
  await page.getByTestId('journal-from').fill('2026-02-01');
  await page.getByTestId('journal-to').fill('2026-01-01');
  await page.getByTestId('journal-to').dispatchEvent('change');
  await page.getByTestId('journal-to-error').waitFor();

  // CSV export of the filtered list, with the browser's session.
  await page.getByTestId('journal-clear').click();
  await page.getByTestId('journal-q').fill(marker);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="journal-row"]').length === n, 2);
  const href = (await page.getByTestId('journal-csv').getAttribute('href'))!;
  expect(href).toContain('format=csv');
  const csv = await page.request.get(href);
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).trim().split('\r\n');
  expect(lines).toHaveLength(3);
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([...ids].reverse());
  await page.context().close();
});

test('the journal fits a 360 px phone: the table scrolls inside its frame', async () => {
  const page = await newPage(browser, { locale: 'en-US', ...PHONE });
  await signIn(page, 'olga');
  await page.goto(`/journal?q=${marker}`);
  await page.getByTestId('journal-row').first().waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Journal of requests');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'journal-phone-en');
  await page.context().close();
});
