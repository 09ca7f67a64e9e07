// The notification rules page in real Chromium: a supervisor switches a rule of a department of
// theirs off and the API reads it back; an admin edits a global rule (a refused save shows its
// error at the row) and puts it back; the page works on a 360 px phone. The supervisor's rules
// are those of a department the test makes under Repair (elena's), so no other suite's
// department changes; the one global rule touched is restored to what it was.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { PHONE, newPage, screenshot, signIn, useBrowser } from '../support/browser';

const db = openDb();
const browser = useBrowser();
let own: { id: string; name: string };

beforeAll(async () => {
  const repair = await db.department.findUniqueOrThrow({ where: { code: 'repair' } });
  const code = `rules-${randomUUID().slice(0, 8)}`;
  own = await db.department.create({ data: { code, name: `Rules ${code}`, parentId: repair.id } });
});
afterAll(async () => {
  // Its rules go with it (ON DELETE CASCADE).
  await db.department.delete({ where: { id: own.id } });
  await db.$disconnect();
});

const row = (page: Page, event: string, recipient: string) => page.getByTestId(`rule-${event}-${recipient}`);

async function openRules(page: Page, user: string, { byAddress = false } = {}): Promise<void> {
  await signIn(page, user);
  // On a phone the page is opened by its address (the nav is tested by the other tests).
  if (byAddress) await page.goto('/admin?tab=rules');
  else {
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-tab-rules').click();
  }
  await row(page, 'closed', 'manager').waitFor();
}

test('a supervisor switches a rule of their department off; the API reads it back from the department', async () => {
  const page = await newPage(browser(), { locale: 'ru-RU' });
  await openRules(page, 'elena');
  // The global rules are there to read, not to change; the department in reach is.
  expect(await page.getByTestId('rules-scope').locator('option').allTextContents()).toEqual(
    expect.arrayContaining([expect.stringContaining('только просмотр'), expect.stringContaining(own.name)]),
  );
  await page.getByTestId('rules-scope').selectOption(own.id);
  await row(page, 'staff-comment', 'client').getByTestId('rule-source').and(page.locator('[data-source="default"]')).waitFor();
  // The switch is a real checkbox with a label: reached and flipped from the keyboard.
  const toggle = row(page, 'staff-comment', 'client').getByRole('switch', { name: /Комментарий сотрудника — Клиент/ });
  await toggle.focus();
  await page.keyboard.press('Space');
  expect(await toggle.isChecked()).toBe(false);
  await row(page, 'staff-comment', 'client')
    .getByLabel(/Канал первым/)
    .selectOption('telegram');
  await page.getByTestId('rules-save').click();
  await page.getByTestId('rules-message').getByText('Сохранено правил: 1').waitFor();
  await row(page, 'staff-comment', 'client').locator('[data-source="department"]').waitFor();
  await screenshot(page, 'admin-rules-ru');

  const read = await api('elena', 'GET', `/api/notification-rules/${own.id}`);
  expect(read.body.items).toEqual(
    expect.arrayContaining([{ event: 'staff-comment', recipient: 'client', enabled: false, channel: 'telegram', source: 'department' }]),
  );
  // Rows left alone were not sent: they still inherit.
  expect(read.body.items.filter((r: { source: string }) => r.source === 'department')).toHaveLength(1);
  await page.context().close();
});

test('an admin edits a global rule: a refused save shows why at its row, a good one holds, and it is put back', async () => {
  const before = await db.notificationRule.findUnique({ where: { scope_event_recipient: { scope: 'global', event: 'survey-low', recipient: 'supervisors' } } });
  const page = await newPage(browser(), { locale: 'en-GB' });
  try {
    await openRules(page, 'admin');
    expect(await page.getByTestId('rules-scope').inputValue()).toBe('global');
    await row(page, 'survey-low', 'supervisors').getByRole('combobox').selectOption('email');
    // The server's own refusal: the body leaves the page with a channel it does not know.
    await page.route('**/api/notification-rules/global', async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      const body = JSON.parse(route.request().postData() ?? '{}') as { rules: { channel: string }[] };
      body.rules[0]!.channel = 'fax';
      await route.continue({ postData: JSON.stringify(body) });
    });
    await page.getByTestId('rules-save').click();
    await page.getByTestId('rules-error').waitFor();
    await row(page, 'survey-low', 'supervisors').getByTestId('rule-error').waitFor();
    await page.unroute('**/api/notification-rules/global');

    await page.getByTestId('rules-save').click();
    await page.getByTestId('rules-message').getByText('Saved: 1 rule(s)').waitFor();
    expect(await page.getByTestId('rules-error').count()).toBe(0);
    await row(page, 'survey-low', 'supervisors').locator('[data-source="global"]').waitFor();
    await screenshot(page, 'admin-rules-en');
    const read = await api('admin', 'GET', '/api/notification-rules/global');
    expect(read.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ event: 'survey-low', recipient: 'supervisors', channel: 'email' })]));
  } finally {
    // Other suites read the defaults: the rule goes back to what it was (no row: the default).
    if (before) await db.notificationRule.update({ where: { id: before.id }, data: { enabled: before.enabled, channel: before.channel } });
    else await db.notificationRule.deleteMany({ where: { scope: 'global', event: 'survey-low', recipient: 'supervisors' } });
    await page.context().close();
  }
});

test('on a 360 px phone each rule is a card that fits the width and its controls work', async () => {
  const page = await newPage(browser(), { ...PHONE, locale: 'en-US' });
  await openRules(page, 'elena', { byAddress: true });
  await page.getByTestId('rules-scope').selectOption(own.id);
  const card = row(page, 'sla-breach', 'supervisors');
  await card.locator('[data-source="default"]').waitFor();
  // Against 360 itself: a wider page widens a phone's layout viewport with it (innerWidth grows too).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  const box = await card.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(360);
  await card.getByRole('switch').tap();
  await page.getByTestId('rules-save').tap();
  await page.getByTestId('rules-message').waitFor();
  await screenshot(page, 'admin-rules-phone-en');
  const read = await api('elena', 'GET', `/api/notification-rules/${own.id}`);
  expect(read.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ event: 'sla-breach', recipient: 'supervisors', enabled: false })]));
  await page.context().close();
});
