// The satisfaction survey in a real browser: the client opens a score link of the closing
// message on a phone without signing in, and that one click answers; a comment follows. A
// requester rates another closed request from the portal. Both answers are stored once.
import { openDb } from '../support/db';
import { newPage, screenshot, signIn, useBrowser, PHONE } from '../support/browser';
import { waitFor } from '../support/processes';
import { closedByOlga, roomAtOlga } from '../support/agentRoom';
import { letterMarker } from '../support/marker';

const db = openDb();
roomAtOlga(db);
const browser = useBrowser();
const marker = letterMarker('SV');
afterAll(() => db.$disconnect());

const closedRequest = (description: string) => closedByOlga(db, description);

test('one click on a link of the closing message answers on a phone; a comment follows', async () => {
  const requestId = await closedRequest(`${marker} link`);
  const closing = await waitFor('the closing message', () => db.notification.findUnique({ where: { key: `closure:${requestId}:client` } }), 60000);
  const link = closing.body.match(/\/survey\/[\w.-]+\?score=4/)?.[0];
  expect(link).toBeDefined();

  const page = await newPage(browser(), { locale: 'en-US', ...PHONE }); // nobody signed in
  await page.goto(link!);
  await page.getByTestId('survey-answered').waitFor();
  expect(await db.satisfactionSurvey.findUnique({ where: { requestId } })).toMatchObject({ score: 4, channel: 'link' });
  await page.getByTestId('survey-comment').fill('Quick and polite, thank you');
  await page.getByTestId('survey-comment').press('Tab');
  await page.keyboard.press('Enter'); // the send button, from the keyboard
  await page.getByTestId('survey-thanks').waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await screenshot(page, 'survey-phone-en');
  expect(await db.satisfactionSurvey.findUnique({ where: { requestId } })).toMatchObject({ score: 4, comment: 'Quick and polite, thank you' });

  // The same link again shows the answer given and sends no second one.
  await page.goto(link!.replace('score=4', 'score=1'));
  await page.getByTestId('survey-thanks').waitFor();
  expect(await db.satisfactionSurvey.count({ where: { requestId } })).toBe(1);
  expect((await db.satisfactionSurvey.findUniqueOrThrow({ where: { requestId } })).score).toBe(4);
  await page.context().close();
});

test('a requester rates a closed request from the portal', async () => {
  const requestId = await closedRequest(`${marker} portal`);
  const page = await newPage(browser(), { locale: 'ru-RU' });
  await signIn(page, 'ivan');
  await page.goto('/portal');
  const row = page.getByTestId('portal-request').filter({ hasText: `${marker} portal` });
  await row.getByTestId('portal-rate-5').click();
  await row.getByTestId('portal-rated').waitFor();
  await screenshot(page, 'portal-rated-ru');
  expect(await db.satisfactionSurvey.findUnique({ where: { requestId } })).toMatchObject({ score: 5, channel: 'portal' });
  await page.context().close();
});
