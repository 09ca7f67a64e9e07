// The client portal in a real browser: a requester files a request for themselves (an error
// at its field first), sees it among their requests, and finds on the incident page the
// notifications sent to them and nobody else's.
import { api } from '../support/api';
import { openDb } from '../support/db';
import { useBrowser, newPage, screenshot, signIn, PHONE } from '../support/browser';
import { waitFor } from '../support/processes';

const db = openDb();
const browser = useBrowser();
afterAll(() => db.$disconnect());

test('a requester files from the portal and follows the request', async () => {
  const marker = `Portal ${Date.now()}`;
  const page = await newPage(browser(), { locale: 'en-US', ...PHONE });
  await signIn(page, 'maria');
  await page.getByTestId('nav-portal').click();
  await page.getByTestId('portal-description').fill(`${marker}: the desk phone crackles`);
  await page.getByTestId('portal-submit').click();
  await page.getByTestId('portal-service-error').waitFor(); // no service chosen
  await page.getByTestId('portal-service').selectOption('repair-phone');
  await page.getByTestId('portal-submit').click();
  await page.getByTestId('portal-message').waitFor();
  const request = await db.serviceRequest.findFirstOrThrow({ where: { description: { startsWith: marker } }, include: { client: true } });
  expect(request).toMatchObject({ channel: 'WEB', createdById: '00000000-0000-4000-8000-000000000023' });
  expect(request.client.email).toBe('maria@demo.incident-desk.local');
  await page.getByTestId('portal-request').filter({ hasText: marker }).waitFor();
  await screenshot(page, 'portal-phone-en');

  // The notifications on her incident: those sent to her only.
  const incident = await waitFor('incident', () => db.incident.findFirst({ where: { requestId: request.id } }), 30000);
  await waitFor(
    'a notification to Maria',
    () => db.notificationAttempt.findFirst({ where: { incidentId: incident.id, recipient: 'maria@demo.incident-desk.local' } }),
    30000,
  );
  const mine = await api('maria', 'GET', `/api/incidents/${incident.id}/notifications`);
  expect(mine.body.items.length).toBeGreaterThan(0);
  expect(mine.body.items.every((n: { recipient: string }) => n.recipient === 'maria@demo.incident-desk.local')).toBe(true);
  const all = await api('elena', 'GET', `/api/incidents/${incident.id}/notifications`);
  expect(all.body.items.length).toBeGreaterThanOrEqual(mine.body.items.length);
  await page.context().close();
});
