// The chat's settings page in a real browser: an admin's refused value stands at its field and
// changes nothing; good values are stored; a supervisor only looks; the page fits a 360 px phone.
import { openDb } from '../support/db';
import { chatOpen } from '../support/chat';
import { useBrowser, newPage, PHONE, screenshot, signIn } from '../support/browser';
import { waitFor } from '../support/processes';

const db = openDb();
const browser = useBrowser();
beforeAll(() => chatOpen());
afterAll(async () => {
  // Back to the settings the other chat suites set for themselves.
  await chatOpen();
  await db.$disconnect();
});

const stored = () => db.chatSettings.findUniqueOrThrow({ where: { id: 1 } });

test('an admin changes the chat settings: a bad origin and a bad hour stand at their fields, good values are stored', async () => {
  const page = await newPage(browser(), { locale: 'ru-RU' });
  await signIn(page, 'admin');
  await page.goto('/admin?tab=chat');
  const form = page.getByTestId('chat-settings');
  const origins = form.locator('[name="allowedOrigins"]');
  await page.waitForFunction(() => (document.querySelector('[name="allowedOrigins"]') as HTMLTextAreaElement | null)?.value === 'http://host.example');

  await origins.fill('http://host.example\nshop.example.com/path');
  await form.locator('[name="greeting"]').fill('Добрый день! Чем помочь?');
  await page.getByTestId('chat-settings-save').click();
  await page.getByTestId('chat-settings-error-allowedOrigins').waitFor();
  expect(await origins.getAttribute('aria-invalid')).toBe('true');
  expect(await stored()).toMatchObject({ allowedOrigins: ['http://host.example'], greeting: 'Hello! / Здравствуйте!' });

  await origins.fill('http://host.example\nhttps://shop.example.com');
  await form.locator('[name="closesAt"]').fill('25:00');
  await page.getByTestId('chat-settings-save').click();
  await page.getByTestId('chat-settings-error-closesAt').waitFor();
  expect((await stored()).closesAt).toBe(1440);

  await form.locator('[name="opensAt"]').fill('09:00');
  await form.locator('[name="closesAt"]').fill('18:30');
  await page.getByTestId('chat-settings-save').click();
  await page.getByTestId('chat-settings-saved').waitFor();
  expect(await stored()).toMatchObject({
    allowedOrigins: ['http://host.example', 'https://shop.example.com'],
    greeting: 'Добрый день! Чем помочь?',
    opensAt: 540,
    closesAt: 1110,
  });
  // The snippet a host site copies names this desk.
  expect(await page.getByTestId('chat-snippet').textContent()).toContain(`${new URL(page.url()).origin}/chat/widget.js`);
  await screenshot(page, 'chat-admin-ru');
  await page.context().close();
});

test('a supervisor sees the chat settings without changing them; the page fits a phone', async () => {
  const page = await newPage(browser(), { ...PHONE, locale: 'en-US' });
  await signIn(page, 'sergey');
  await page.goto('/admin?tab=chat');
  const form = page.getByTestId('chat-settings');
  await form.locator('[name="greeting"]').waitFor();
  expect(await form.locator('[name="greeting"]').isDisabled()).toBe(true);
  expect(await page.getByTestId('chat-settings-save').count()).toBe(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await screenshot(page, 'chat-admin-phone-en');
  await page.context().close();
});

test('an admin opens a queue to another department by keyboard, and closes it again', async () => {
  const [it, repair] = [await db.department.findUniqueOrThrow({ where: { code: 'it' } }), await db.department.findUniqueOrThrow({ where: { code: 'repair' } })];
  const members = () => db.chatQueueMember.findMany({ where: { queueId: it.id }, select: { departmentId: true } });
  const page = await newPage(browser(), { locale: 'en-US' });
  await signIn(page, 'admin');
  await page.goto('/admin?tab=chat');
  const queues = page.getByTestId('chat-queues');
  await queues.waitFor();
  const i = await queues.locator('.queue').count();

  await page.getByTestId('chat-queue-add').focus();
  await page.keyboard.press('Enter');
  await queues.locator(`[name="queues.${i}.queue"]`).selectOption('it');
  await queues.locator(`[name="queues.${i}.departments"]`).selectOption(['repair']);
  await page.getByTestId('chat-settings-save').click();
  await page.getByTestId('chat-settings-saved').waitFor();
  expect(await members()).toEqual([{ departmentId: repair.id }]);
  await screenshot(page, 'chat-admin-queues-en');

  await page.getByTestId(`chat-queue-remove-${i}`).press('Enter');
  await page.getByTestId('chat-settings-save').press('Enter');
  await waitFor('the queue closed again', async () => (await members()).length === 0, 15_000);
  await page.context().close();
});
