// Personal settings in a real browser: an agent chooses English, a time zone, a signature and
// a phone extension; a zone that does not exist is refused at its field; the page follows the
// language at once and every choice is there after a reload. Pavel's settings are put back.
import { openDb } from '../support/db';
import { newPage, screenshot, signIn, useBrowser, PHONE } from '../support/browser';
import { letterMarker } from '../support/marker';

const db = openDb();
const browser = useBrowser();
const marker = letterMarker('PF');
let before: { locale: string; timezone: string; signature: string; extension: string | null };
beforeAll(async () => {
  before = await db.employee.findUniqueOrThrow({ where: { username: 'pavel' }, select: { locale: true, timezone: true, signature: true, extension: true } });
});
afterAll(async () => {
  await db.employee.update({ where: { username: 'pavel' }, data: before });
  await db.$disconnect();
});

test('an agent sets language, time zone, signature and extension; a bad zone is refused at its field', async () => {
  const page = await newPage(browser(), { locale: 'ru-RU', ...PHONE });
  await signIn(page, 'pavel');
  await page.goto('/profile');
  const form = page.getByTestId('settings-form');
  await form.waitFor();
  await page.getByTestId('settings-timezone').fill('Europe/Atlantis');
  await page.getByTestId('settings-save').click();
  await expect(form.getByRole('alert').first().textContent()).resolves.toContain('timezone');
  expect((await db.employee.findUniqueOrThrow({ where: { username: 'pavel' } })).timezone).toBe(before.timezone); // nothing half-saved

  await page.getByTestId('settings-locale').selectOption('en');
  await page.getByTestId('settings-timezone').fill('Asia/Yekaterinburg');
  await page.getByTestId('settings-signature').fill(`Pavel, repair desk ${marker}`);
  await page.getByTestId('settings-save').click();
  await page.getByTestId('settings-saved').waitFor();
  await page.getByRole('heading', { name: 'Profile' }).waitFor(); // the page speaks English at once

  const extension = String(7000 + Math.floor(Math.random() * 2000));
  await page.getByTestId('profile-extension').fill(extension);
  await page.getByTestId('profile-extension').press('Enter');
  await page.getByTestId('profile-saved').waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await screenshot(page, 'profile-phone-en');

  expect(await db.employee.findUniqueOrThrow({ where: { username: 'pavel' } })).toMatchObject({
    locale: 'en',
    timezone: 'Asia/Yekaterinburg',
    signature: `Pavel, repair desk ${marker}`,
    extension,
  });
  await page.reload();
  await page.getByTestId('settings-form').waitFor();
  await expect(page.getByTestId('settings-locale').inputValue()).resolves.toBe('en');
  await expect(page.getByTestId('settings-timezone').inputValue()).resolves.toBe('Asia/Yekaterinburg');
  await expect(page.getByTestId('profile-extension').inputValue()).resolves.toBe(extension);
  await page.context().close();
});
