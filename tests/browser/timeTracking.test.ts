// Time tracking in a real browser: the agent logs time on an incident from the keyboard (an
// empty entry is refused at the field), the total adds up, their entry can be removed by them;
// the supervisor finds the time on the reports page under the agent's name.
import { fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { newPage, screenshot, signIn, useBrowser } from '../support/browser';
import { waitFor } from '../support/processes';
import { OLGA, roomAtOlga } from '../support/agentRoom';
import { letterMarker } from '../support/marker';

const db = openDb();
roomAtOlga(db);
const browser = useBrowser();
const marker = letterMarker('TT');
afterAll(() => db.$disconnect());

test('an agent logs time from the keyboard; the total and the report count it', async () => {
  const requestId = await fileRequest('olga', 'it-laptop', `${marker} docking station`, '+74950000013');
  const incident = await waitFor('assigned to Olga', () => db.incident.findFirst({ where: { requestId, assigneeId: OLGA } }), 30000);
  const page = await newPage(browser(), { locale: 'en-US' });
  await signIn(page, 'olga');
  await page.goto(`/incidents/${incident.id}`);
  const sheet = page.getByTestId('time-spent');
  await sheet.waitFor();

  await sheet.getByTestId('time-log').click(); // nothing entered
  await expect(sheet.getByTestId('time-error').textContent()).resolves.toContain('minutes');
  await sheet.getByTestId('time-hours').fill('1');
  await sheet.getByTestId('time-hours').press('Tab');
  await page.keyboard.type('30');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Replaced the docking station');
  await page.keyboard.press('Enter');
  await sheet.getByTestId('time-entry').filter({ hasText: 'Replaced the docking station' }).waitFor();
  await sheet.getByTestId('time-hours').fill('0');
  await sheet.getByTestId('time-minutes').fill('15');
  await sheet.getByTestId('time-log').click();
  await waitFor('two entries', async () => (await sheet.getByTestId('time-entry').count()) === 2);
  await expect(sheet.getByTestId('time-total').textContent()).resolves.toBe('1 h 45 min');
  expect((await db.timeEntry.findMany({ where: { incidentId: incident.id, deletedAt: null } })).map((e) => e.minutes).sort()).toEqual([15, 90]);
  await screenshot(page, 'time-spent-en');

  // Her own entry she may remove; the total follows.
  await sheet.getByRole('button', { name: /Remove the entry .* 0 h 15 min/ }).click();
  await waitFor('one entry', async () => (await sheet.getByTestId('time-entry').count()) === 1);
  await expect(sheet.getByTestId('time-total').textContent()).resolves.toBe('1 h 30 min');
  await page.context().close();

  // The supervisor of IT sees it among today's time on the reports page.
  const lead = await newPage(browser(), { locale: 'en-US' });
  await signIn(lead, 'sergey');
  await lead.goto('/reports');
  const olgaRow = lead.getByTestId('report-time-row').filter({ hasText: 'Olga' });
  await olgaRow.waitFor();
  const minutes = await db.timeEntry.aggregate({
    _sum: { minutes: true },
    where: { employeeId: OLGA, deletedAt: null, spentOn: new Date(new Date().toISOString().slice(0, 10)) },
  });
  expect(minutes._sum.minutes).toBeGreaterThanOrEqual(90);
  await lead.context().close();
});
