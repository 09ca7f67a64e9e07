// The journal's filters of issue 17, server side: any assignee, the service's class and type,
// the problem type; the board's list takes the same parameters; bad values name the parameter.
// And in Chromium: a supervisor narrows the journal by service class and by an agent.
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';
import { OLGA, roomAtOlga } from '../support/agentRoom';
import { useBrowser, newPage, signIn } from '../support/browser';
import { letterMarker } from '../support/marker';

const db = openDb();
roomAtOlga(db);
const browser = useBrowser();
afterAll(() => db.$disconnect());
const tag = letterMarker('JF');
let printer: string;
let network: string;
let laptop: string;

beforeAll(async () => {
  printer = await fileRequest('admin', 'repair-printer', `${tag} printer jams`); // hardware / printer
  network = await fileRequest('admin', 'it-network', `${tag} no wi-fi`); // infrastructure / network
  laptop = await fileRequest('admin', 'it-laptop', `${tag} laptop is slow`); // hardware / computer
  // What a QR report records: the problem type its reporter picked.
  await db.serviceRequest.update({ where: { id: printer }, data: { problemType: 'paper-jam' } });
  // Olga is the one IT agent: both IT requests reach her.
  for (const requestId of [network, laptop])
    await waitFor('an IT incident with Olga', () => db.incident.findFirst({ where: { requestId, assigneeId: OLGA } }), 30000);
});

const ids = async (query: string, as = 'admin') => {
  const res = await api(as, 'GET', `/api/requests?q=${tag}&${query}`);
  expect(res.status).toBe(200);
  // The search tolerates typos, so the tag may find other tests' requests too: only ours count.
  const ours = [printer, network, laptop];
  return (res.body.items as { id: string }[])
    .map((i) => i.id)
    .filter((id) => ours.includes(id))
    .sort();
};

test('the journal filters by service class and type, problem type and any assignee', async () => {
  expect(await ids('serviceClass=hardware')).toEqual([printer, laptop].sort());
  expect(await ids('serviceType=network')).toEqual([network]);
  expect(await ids('serviceClass=hardware&serviceType=printer&problemType=paper-jam')).toEqual([printer]);
  expect(await ids('problemType=no-toner')).toEqual([]);
  expect(await ids(`assignee=${OLGA}`)).toEqual([network, laptop].sort());
  expect(await ids(`assignee=${OLGA}&serviceClass=infrastructure`)).toEqual([network]);
  expect(await ids('assignee=none&serviceClass=infrastructure')).toEqual([]);
  // The CSV export takes the same filters.
  const csv = await api('admin', 'GET', `/api/requests?q=${tag}&serviceType=network&format=csv`);
  expect(csv.body).toContain('no wi-fi');
  expect(csv.body).not.toContain('printer jams');
  // The board's list too.
  const board = await api('admin', 'GET', `/api/incidents?q=${tag}&serviceClass=hardware&serviceType=computer`);
  expect((board.body.items as { requestId: string }[]).map((i) => i.requestId).filter((id) => [printer, network, laptop].includes(id))).toEqual([laptop]);
});

test('bad filter values are a 400 naming the parameter', async () => {
  for (const key of ['serviceClass', 'serviceType', 'problemType']) {
    const res = await api('admin', 'GET', `/api/requests?${key}=${'x'.repeat(65)}`);
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.errors[0].field).toBe(key);
  }
});

test('in the journal a supervisor narrows the list by service class and by an agent (Chromium)', async () => {
  const page = await newPage(browser(), { locale: 'en-GB' });
  await signIn(page, 'sergey');
  await page.goto(`/journal?q=${tag}`);
  await page.locator(`[data-request-id="${network}"]`).waitFor();
  await page.getByTestId('journal-service-class').selectOption('hardware');
  await page.waitForURL(/serviceClass=hardware/);
  await page.locator(`[data-request-id="${network}"]`).waitFor({ state: 'detached' });
  await page.locator(`[data-request-id="${laptop}"]`).waitFor();
  await page.getByTestId('journal-assignee').selectOption(OLGA);
  await page.waitForURL(new RegExp(`assignee=${OLGA}`));
  await page.locator(`[data-request-id="${laptop}"]`).waitFor();
  expect(await page.getByTestId('journal-row').count()).toBe(1);
});
