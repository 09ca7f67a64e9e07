// The board of any size in Chromium (issue 18): a column shows its true count and pages by
// keyboard; the closed period is chosen on the page and kept in the URL; filters narrow the
// counts on the server; another department's board stays empty; the live stream changes the
// counts and moves the card without a reload.
import type { Page } from 'playwright-core';
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { OLGA, roomAtOlga } from '../support/agentRoom';
import { boardService, insertBoardCards, removeBoardService, type BoardCard } from '../support/boardFixtures';
import { useBrowser, newPage, screenshot, signIn, PHONE } from '../support/browser';
import { waitFor } from '../support/processes';
import { letterMarker } from '../support/marker';

const db = openDb();
roomAtOlga(db);
const browser = useBrowser();
const tag = letterMarker('bp');
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR);
let service: { id: string; departmentId: string };

beforeAll(async () => {
  service = await boardService(db, `${tag}-it`, 'it');
  const queue = Array.from({ length: 80 }, (_, i): BoardCard => ({
    status: 'NEW',
    title: `${tag} queue ${i}`,
    priority: i % 5 ? 'P3' : 'P1',
    createdAt: ago(i),
  }));
  await insertBoardCards(db, service, [
    ...queue,
    { status: 'CLOSED', title: `${tag} closed 2 days ago`, createdAt: ago(100), closedAt: ago(48) },
    { status: 'CLOSED', title: `${tag} closed 20 days ago`, createdAt: ago(600), closedAt: ago(480) },
  ]);
});
afterAll(async () => {
  await removeBoardService(db, service.id);
  await db.$disconnect();
});

const queueColumn = (page: Page, status: string) => page.locator(`[data-testid="lane"][data-agent=""] [data-testid="column-${status}"]`);
const countOf = async (page: Page, status: string) => Number(await queueColumn(page, status).getAttribute('data-count'));

test('a column shows its true count and pages by keyboard; the closed period is chosen; filters count on the server', async () => {
  const page = await newPage(browser(), { locale: 'en-US' });
  await signIn(page, 'sergey');
  await page.goto(`/board?service=${tag}-it`);
  const column = queueColumn(page, 'NEW');
  await column.getByTestId('incident-card').first().waitFor();
  expect(await column.getByTestId('column-count').textContent()).toBe('80');
  expect(await column.getByTestId('incident-card').count()).toBe(20);

  // "Show more" from the keyboard: the next 50, focus on the first of them.
  const more = column.getByTestId('column-more');
  expect(await more.textContent()).toContain('60 left');
  await more.focus();
  await page.keyboard.press('Enter');
  await waitFor('70 cards', async () => (await column.getByTestId('incident-card').count()) === 70);
  await waitFor('focus on the first new card', async () =>
    page.evaluate(() => document.activeElement?.closest('[data-testid="incident-card"]')?.textContent?.includes('queue 20') ?? false),
  );
  await more.focus();
  await page.keyboard.press('Space');
  await waitFor('all 80 cards', async () => (await column.getByTestId('incident-card').count()) === 80);
  expect(await column.getByTestId('column-more').count()).toBe(0);
  const titles = await column.locator('h3').allTextContents();
  expect(new Set(titles).size).toBe(80);
  await screenshot(page, 'board-paged-en');

  // Closed incidents of the last week by default; a month shows the older one too.
  expect(await countOf(page, 'CLOSED')).toBe(1);
  await page.getByTestId('closed-days').selectOption('30');
  await page.waitForURL((url) => url.searchParams.get('closed') === '30');
  await waitFor('a month of closed incidents', async () => (await countOf(page, 'CLOSED')) === 2);

  await page.getByTestId('filter-priority').selectOption('P1');
  await waitFor('P1 only, counted on the server', async () => (await countOf(page, 'NEW')) === 16);
  expect(await queueColumn(page, 'NEW').getByTestId('incident-card').count()).toBe(16);
  // A status filter too: the column still pages.
  await page.getByTestId('filter-priority').selectOption('');
  await page.getByTestId('filter-status').selectOption('NEW');
  await waitFor('NEW only, first page', async () => (await queueColumn(page, 'NEW').getByTestId('incident-card').count()) === 20);
  await queueColumn(page, 'NEW').getByTestId('column-more').click();
  await waitFor('the next page under a status filter', async () => (await queueColumn(page, 'NEW').getByTestId('incident-card').count()) === 70);

  // Another department's supervisor: nothing of it, not even a count.
  const elena = await newPage(browser(), { locale: 'ru-RU', ...PHONE });
  await signIn(elena, 'elena');
  await elena.goto(`/board?service=${tag}-it`);
  await elena.getByTestId('board').waitFor();
  await waitFor('the board loaded', async () => (await elena.getByTestId('board-total').textContent())?.includes('0') ?? false);
  expect(await elena.getByTestId('incident-card').count()).toBe(0);
  expect(await elena.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await screenshot(elena, 'board-phone-ru');
  await page.context().close();
  await elena.context().close();
});

test('the live stream changes the counts and moves the card without a reload', async () => {
  const page = await newPage(browser(), { locale: 'en-US' });
  await signIn(page, 'olga'); // an agent: one cell per column
  const marker = `${tag} live laptop`;
  await page.goto(`/board?q=${encodeURIComponent(marker)}`);
  await page.getByTestId('board').waitFor();
  await waitFor('an empty board', async () => (await page.getByTestId('board-total').textContent()) === '0 incidents');
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

  const requestId = await fileRequest('sergey', 'it-laptop', marker);
  const card = page.getByTestId('incident-card').filter({ hasText: marker });
  await card.waitFor({ timeout: 30000 });
  await waitFor('counted', async () => (await page.getByTestId('board-total').textContent()) === '1 incidents');
  const incident = await waitFor('incident row', () => db.incident.findUnique({ where: { requestId } }));
  await waitFor('its status settled', async () => (await card.getAttribute('data-status')) === incident.status || null);
  const from = incident.status;
  const to = from === 'NEW' ? 'ASSIGNED' : 'IN_PROGRESS';
  const body = from === 'NEW' ? { action: 'assign', assigneeId: OLGA } : { action: 'start' };
  expect((await api('sergey', 'POST', `/api/incidents/${incident.id}/transitions`, body)).status).toBe(200);
  const column = (status: string) => page.getByTestId(`column-${status}`);
  await waitFor(
    'the count moved',
    async () => (await column(to).getAttribute('data-count')) === '1' && (await column(from).getAttribute('data-count')) === '0',
  );
  await column(to).getByTestId('incident-card').filter({ hasText: marker }).waitFor();
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  await page.context().close();
});
