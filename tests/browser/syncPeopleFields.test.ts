// The sync's pages "people" and "trackers and fields" in a real browser (docs/sync.md, user
// guide "Sync"): on a 360 px phone in Russian an admin takes a suggested person match and maps
// one by login with the keyboard, a refused employee standing at its field with nothing stored;
// in English a custom field and a Redmine tracker are mapped, a refused field name shown at it.
import { openDb } from '../support/db';
import { useSyncMarkers } from '../support/syncMarkers';
import { useBrowser, newPage, PHONE, screenshot, signIn } from '../support/browser';

const db = openDb();
const browser = useBrowser();
const { mine, keep } = useSyncMarkers(db);

test('people: a suggested match is taken, a refused employee stands at its field, a login is kept as the e-mail (phone, ru)', async () => {
  const olga = await db.employee.findFirstOrThrow({ where: { username: 'olga' } });
  const suggested = keep(`olga@${mine('corp')}.example`);
  await db.syncHeld.create({
    data: { system: 'redmine', remoteId: String(Date.now()), kind: 'person', value: suggested, reason: `no person mapping for ${suggested}` },
  });
  const page = await newPage(browser(), { ...PHONE, locale: 'ru-RU' });
  await signIn(page, 'admin');
  await page.goto('/admin?tab=sync-people');
  await page.getByRole('button', { name: `Сопоставить ${suggested} с ${olga.email}` }).click();
  await page.getByTestId('mappings').getByText(suggested).waitFor();
  expect(await db.syncMapping.findFirst({ where: { system: 'redmine', kind: 'person', remote: suggested }, select: { local: true } })).toEqual({
    local: olga.email,
  });

  const login = mine('rt');
  await page.getByTestId('mapping-remote').fill(login);
  await page.getByTestId('mapping-local').fill(`${login}@nowhere.example`);
  await page.getByTestId('mapping-local').press('Enter');
  await page.getByTestId('mapping-local-error').waitFor();
  expect(await page.getByTestId('mapping-local').getAttribute('aria-invalid')).toBe('true');
  expect(await db.syncMapping.count({ where: { remote: login } })).toBe(0);

  await page.getByTestId('mapping-local').fill('olga');
  await page.getByTestId('mapping-local').press('Enter');
  await page.getByTestId('mappings').getByText(login).waitFor();
  expect((await db.syncMapping.findFirstOrThrow({ where: { system: 'rt', kind: 'person', remote: login } })).local).toBe(olga.email);
  expect(await page.getByTestId('mapping-local-error').count()).toBe(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await screenshot(page, 'sync-people-phone-ru');
  await page.context().close();
});

test('trackers and fields: a refused field name stands at its field; a custom field and a Redmine tracker are mapped (en)', async () => {
  const service = await db.service.findFirstOrThrow({ orderBy: { code: 'asc' } });
  const page = await newPage(browser(), { locale: 'en-US' });
  await signIn(page, 'admin');
  await page.goto('/admin?tab=sync-fields');
  const field = mine('Asset');
  await page.getByTestId('mapping-kind').selectOption('field');
  await page.getByTestId('mapping-system').selectOption('rt');
  await page.getByTestId('mapping-remote').fill(field);
  await page.getByTestId('mapping-local').fill('colour');
  await page.getByRole('button', { name: 'Save mapping' }).click();
  expect(await page.getByTestId('mapping-local-error').textContent()).toContain('problemType');
  expect(await db.syncMapping.count({ where: { remote: field } })).toBe(0);
  await page.getByTestId('mapping-local').fill('problemType');
  await page.getByRole('button', { name: 'Save mapping' }).click();
  await page.getByTestId('mappings').getByText(field).waitFor();

  const tracker = mine('Tracker');
  await page.getByTestId('mapping-kind').selectOption('tracker');
  // RT has no trackers: the form offers Redmine only.
  expect(await page.getByTestId('mapping-system').locator('option').allTextContents()).toEqual(['Redmine']);
  await page.getByTestId('mapping-remote').fill(tracker);
  await page.getByTestId('mapping-local').fill(service.code);
  await page.getByRole('button', { name: 'Save mapping' }).click();
  await page.getByTestId('mappings').getByText(tracker).waitFor();
  expect(
    await db.syncMapping.findMany({ where: { remote: { in: [field, tracker] } }, select: { system: true, kind: true, local: true }, orderBy: { kind: 'asc' } }),
  ).toEqual([
    { system: 'rt', kind: 'field', local: 'problemType' },
    { system: 'redmine', kind: 'tracker', local: service.code },
  ]);
  await screenshot(page, 'sync-fields-en');
  await page.context().close();
});
