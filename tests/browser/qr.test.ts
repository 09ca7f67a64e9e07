// A QR label scanned with a phone: signed out, the page asks to sign in and comes back; two
// taps (problem type, Report) file the request, which then shows among the device's open
// tickets. The labels sheet prints one label per asset.
import { openDb } from '../support/db';
import { testEnv } from '../support/env';
import { useBrowser, newPage, screenshot, signIn, PHONE } from '../support/browser';

const db = openDb();
const browser = useBrowser();
afterAll(() => db.$disconnect());

test('scan, sign in, two taps: the problem is reported from a 360 px phone', async () => {
  const page = await newPage(browser(), { locale: 'ru-RU', ...PHONE });
  await page.goto('/q/demo-meeting-room-301-pc');
  await page.getByTestId('sign-in').click();
  await page.waitForURL((url) => url.href.startsWith(testEnv.OIDC_ISSUER!));
  await page.locator('#username').fill('maria');
  await page.locator('#password').fill(testEnv.DEMO_PASSWORD ?? 'demo');
  await page.locator('#kc-login').click();
  await page.waitForURL('**/q/demo-meeting-room-301-pc');
  await page.getByTestId('qr-device').waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('ПК переговорной «Байкал»');
  const before = await db.serviceRequest.count({ where: { asset: { qrToken: 'demo-meeting-room-301-pc' } } });

  await page.getByTestId('qr-type-wont-boot').tap();
  await page.getByTestId('qr-report').tap();
  await page.getByTestId('qr-filed').waitFor();
  expect(
    await db.serviceRequest.count({ where: { asset: { qrToken: 'demo-meeting-room-301-pc' }, channel: 'QR', problemType: 'wont-boot' } }),
  ).toBeGreaterThanOrEqual(1);
  expect(await db.serviceRequest.count({ where: { asset: { qrToken: 'demo-meeting-room-301-pc' } } })).toBe(before + 1);
  await page.getByTestId('qr-open-item').filter({ hasText: 'Не включается' }).first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'qr-phone-ru');
  await page.context().close();
});

test('an unknown label says so; admins print a sheet of labels', async () => {
  const page = await newPage(browser(), { locale: 'en-US' });
  await signIn(page, 'admin');
  await page.goto('/q/this-label-does-not-exist-anymore');
  await page.getByTestId('qr-error').waitFor();
  await page.goto('/assets/labels');
  await page.getByTestId('label').first().waitFor();
  expect(await page.getByTestId('label').count()).toBe(await db.asset.count({ where: { active: true } }));
  const loaded = await page
    .locator('[data-testid="label"] img')
    .first()
    .evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth));
  expect(loaded).toBeGreaterThan(0);
  await screenshot(page, 'qr-labels-en');
  await page.context().close();
});
