// Canned replies and the knowledge base in a real browser: an admin writes a reply and an article
// on the administration page; an agent puts the reply into a comment on an incident with two key
// presses and sends it to the client; a requester typing a request on the portal, on a phone, is
// offered the article before filing.
import { fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { newPage, screenshot, signIn, useBrowser, PHONE } from '../support/browser';
import { waitFor } from '../support/processes';
import { letterMarker } from '../support/marker';
import type { Page } from 'playwright-core';

const db = openDb();
const browser = useBrowser();
const marker = letterMarker('KB');
afterAll(async () => {
  await db.article.deleteMany({ where: { title: { contains: marker } } });
  await db.$disconnect();
});

async function writeArticle(page: Page, kind: 'reply' | 'article', title: string, body: string) {
  const table = page.getByTestId('admin-articles');
  await table.getByTestId('admin-add').click();
  const form = table.getByTestId('admin-form');
  await form.locator('[name="kind"]').selectOption(kind);
  await form.locator('[name="lang"]').selectOption('ru');
  await form.locator('[name="title"]').fill(title);
  await form.locator('[name="body"]').fill(body);
  await form.locator('[name="published"]').check();
  await form.getByTestId('admin-save').click();
  await table.getByTestId('admin-row').filter({ hasText: title }).waitFor();
}

test('an admin writes a canned reply and an article; an agent sends the reply from the keyboard', async () => {
  const admin = await newPage(browser(), { locale: 'ru-RU' });
  await signIn(admin, 'admin');
  await admin.goto('/admin?tab=articles');
  await admin.getByTestId('admin-articles').waitFor();
  const replyBody = `Перезагрузите ноутбук и проверьте зарядку (${marker}).`;
  await writeArticle(admin, 'reply', `Перезагрузка ${marker}`, replyBody);
  await writeArticle(admin, 'article', `Ноутбук ${marker} не заряжается`, 'Проверьте кабель питания и индикатор зарядки ноутбука.');
  expect(await db.article.count({ where: { title: { contains: marker }, published: true } })).toBe(2);
  await admin.context().close();

  const requestId = await fileRequest('olga', 'it-laptop', `${marker} ноутбук не заряжается`, '+74950000013');
  const incident = await waitFor('the incident', () => db.incident.findFirst({ where: { requestId } }), 30000);
  const page = await newPage(browser(), { locale: 'ru-RU' });
  await signIn(page, 'sergey');
  await page.goto(`/incidents/${incident.id}`);
  await page.getByTestId('workspace-title').waitFor();
  // The keyboard alone: focus the reply list, choose the reply; the text lands in the comment
  // and the focus with it, ready to be edited and sent.
  const select = page.getByTestId('canned-reply');
  await select.waitFor();
  await select.focus();
  await select.selectOption({ label: `Перезагрузка ${marker}` });
  await expect(page.getByTestId('comment-body').inputValue()).resolves.toBe(replyBody);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('comment-body');
  await page.getByTestId('comment-public').check();
  await page.getByTestId('comment-submit').click();
  await page.locator('[data-testid="comment"][data-public="true"]').filter({ hasText: marker }).waitFor();
  await screenshot(page, 'canned-reply-ru');
  const sent = await db.comment.findFirstOrThrow({ where: { incidentId: incident.id, public: true, body: { contains: marker } } });
  expect(sent.body).toBe(replyBody);
  await page.context().close();
});

test('the portal offers the article while a requester types, on a phone', async () => {
  const page = await newPage(browser(), { locale: 'ru-RU', ...PHONE });
  await signIn(page, 'ivan');
  await page.goto('/portal');
  await page.getByTestId('portal-description').fill(`ноутбук ${marker} не заряжается`);
  const suggestion = page.getByTestId('portal-suggestion').filter({ hasText: marker });
  await suggestion.waitFor();
  await suggestion.locator('summary').click();
  await suggestion.getByText('кабель питания').waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await screenshot(page, 'portal-suggestion-phone-ru');
  await page.context().close();
});
