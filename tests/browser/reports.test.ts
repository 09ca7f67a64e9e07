// The reports page in a real browser: the figures drawn are the analytics API's figures for
// the same period, a bad period is refused at its field, and plain users are turned away.
import type { Browser } from 'playwright-core';
import { api, fileRequest } from '../support/api';
import { launchBrowser, newPage, screenshot, signIn, PHONE } from '../support/browser';
import { waitFor } from '../support/processes';

let browser: Browser;
const today = new Date().toISOString().slice(0, 10);
beforeAll(async () => {
  browser = await launchBrowser();
  await fileRequest('olga', 'it-laptop', 'Reports page: an incident opened today');
  // The lifecycle events reach ClickHouse through the relay: wait until today counts one.
  await waitFor(
    'incidents opened today in the analytics store',
    async () => {
      const res = await api('sergey', 'GET', `/api/reports/summary?from=${today}&to=${today}`);
      return res.body.incidentsPerDay?.[0]?.opened > 0 ? true : null;
    },
    30000,
  );
});
afterAll(() => browser?.close());

test("a supervisor sees the period's figures, the daily chart and the load per agent", async () => {
  const page = await newPage(browser, { locale: 'ru-RU' });
  await signIn(page, 'sergey');
  await page.getByTestId('nav-reports').click();
  await page.waitForURL(/\/reports/);
  await page.getByTestId('report-from').fill(today);
  await page.getByTestId('report-from').dispatchEvent('change');
  await page.waitForURL(new RegExp(`from=${today}`));
  await page.getByTestId('report-to').fill(today);
  await page.getByTestId('report-to').dispatchEvent('change');
  await page.waitForURL(new RegExp(`to=${today}`));
  await page.getByTestId('report-figures').waitFor();

  const expected = (await page.request.get(`/api/reports/summary?from=${today}&to=${today}`)).json() as Promise<{
    requests: { completed: number };
    agents: { username: string | null }[];
  }>;
  const figures = await expected;
  await page.waitForFunction((n) => document.querySelector('[data-testid="report-completed"]')?.textContent === String(n), figures.requests.completed);
  // The default period (30 days) may show the same totals: wait for the chart of the one day.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="bar-opened"]').length === 1);
  expect(await page.getByTestId('bar-opened').count()).toBe(1); // one day, one bar per series
  expect(Number(await page.getByTestId('bar-opened').getAttribute('height'))).toBeGreaterThan(0);
  expect(await page.getByTestId('report-agent').count()).toBe(figures.agents.length);
  await screenshot(page, 'reports-ru');

  // A period that ends before it starts: the API's message stands at the "to" field.
  await page.getByTestId('report-to').fill('2020-01-01');
  await page.getByTestId('report-to').dispatchEvent('change');
  await page.getByTestId('report-to-error').waitFor();
  await page.context().close();
});

test('a plain user gets no reports link and no figures', async () => {
  const page = await newPage(browser, { locale: 'en-US', ...PHONE });
  await signIn(page, 'ivan');
  expect(await page.getByTestId('nav-reports').count()).toBe(0);
  await page.goto('/reports');
  await page.getByText('Reports are for supervisors and admins.').waitFor();
  expect(await page.getByTestId('report-figures').count()).toBe(0);
  await page.context().close();
});
