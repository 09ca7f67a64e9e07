// Time spent on incidents against the real stack, with own and foreign incidents: the staff
// who work an incident log and list time; its requester does not see it (not even in the
// timeline); another department gets 404; each removes their own entries, a supervisor any;
// the report sums per person over the reader's scope; bad input names the field.
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';
import { OLGA, roomAtOlga } from '../support/agentRoom';

const db = openDb();
roomAtOlga(db);
afterAll(() => db.$disconnect());

const today = new Date().toISOString().slice(0, 10);
let incidentId: string;

beforeAll(async () => {
  // Ivan's own request from the portal: he is its requester; Olga (IT) works it.
  const filed = await api(
    'ivan',
    'POST',
    '/api/portal/requests',
    { serviceCode: 'it-laptop', description: `Time ${randomUUID()}` },
    { 'Idempotency-Key': randomUUID() },
  );
  expect(filed.status).toBe(201);
  const incident = await waitFor('assigned to Olga', () => db.incident.findFirst({ where: { requestId: filed.body.request.id, assigneeId: OLGA } }), 30000);
  incidentId = incident.id;
});

const time = (user: string, method: string, body?: unknown, suffix = '') => api(user, method, `/api/incidents/${incidentId}/time${suffix}`, body);

test('the staff log time and see the total; the requester and another department do not', async () => {
  const first = await time('olga', 'POST', { minutes: 90, note: 'Replaced the keyboard' });
  expect(first.status).toBe(201);
  expect(first.body.entry).toMatchObject({ employeeId: OLGA, minutes: 90, note: 'Replaced the keyboard', spentOn: today });
  expect((await time('sergey', 'POST', { minutes: 15, spentOn: today })).status).toBe(201);
  const sheet = await time('olga', 'GET');
  expect(sheet.status).toBe(200);
  expect(sheet.body.totalMinutes).toBe(105);
  expect(sheet.body.items).toHaveLength(2);

  expect((await time('ivan', 'GET')).status).toBe(403);
  expect((await time('ivan', 'POST', { minutes: 5 })).status).toBe(403);
  const timeline = await api('ivan', 'GET', `/api/incidents/${incidentId}/timeline`);
  expect(timeline.status).toBe(200);
  expect(JSON.stringify(timeline.body)).not.toContain('time.logged');
  expect(JSON.stringify((await api('olga', 'GET', `/api/incidents/${incidentId}/timeline`)).body)).toContain('time.logged');
  for (const user of ['pavel', 'elena']) {
    expect((await time(user, 'GET')).status).toBe(404);
    expect((await time(user, 'POST', { minutes: 5 })).status).toBe(404);
  }
});

test('bad input names the field and writes nothing', async () => {
  const before = await db.timeEntry.count({ where: { incidentId } });
  const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  for (const [body, field] of [
    [{ minutes: 0 }, 'minutes'],
    [{ minutes: 1441 }, 'minutes'],
    [{ minutes: 1.5 }, 'minutes'],
    [{ minutes: 10, spentOn: future }, 'spentOn'],
    [{ minutes: 10, spentOn: '2026-02-30' }, 'spentOn'],
    [{ minutes: 10, spentOn: '2020-01-01' }, 'spentOn'],
    [{ minutes: 10, who: OLGA }, 'who'],
  ] as const) {
    const res = await time('olga', 'POST', body);
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  }
  expect(await db.timeEntry.count({ where: { incidentId } })).toBe(before);
});

test('each removes their own entries; a supervisor any; foreign ids are not found', async () => {
  const olgas = (await time('olga', 'POST', { minutes: 20 })).body.entry.id as string;
  const sergeys = (await time('sergey', 'POST', { minutes: 25 })).body.entry.id as string;
  expect((await time('olga', 'DELETE', undefined, `/${sergeys}`)).status).toBe(403);
  expect((await time('pavel', 'DELETE', undefined, `/${olgas}`)).status).toBe(404);
  expect((await time('olga', 'DELETE', undefined, `/${randomUUID()}`)).status).toBe(404);
  expect((await time('olga', 'DELETE', undefined, `/${olgas}`)).status).toBe(204);
  expect((await time('sergey', 'DELETE', undefined, `/${sergeys}`)).status).toBe(204);
  const ids = ((await time('olga', 'GET')).body.items as { id: string }[]).map((e) => e.id);
  expect(ids).not.toContain(olgas);
  expect(ids).not.toContain(sergeys);
  // Removed, not erased: the entry stays for the audit.
  expect(await db.timeEntry.findUnique({ where: { id: olgas } })).toMatchObject({ deletedAt: expect.any(Date) });
});

test("the report sums per person over the reader's incidents, for supervisors and admins", async () => {
  const report = (user: string, query = `?from=${today}&to=${today}`) => api(user, 'GET', `/api/reports/time${query}`);
  const it = await report('sergey');
  expect(it.status).toBe(200);
  const olga = (it.body.items as { employeeId: string; minutes: number; incidents: number }[]).find((p) => p.employeeId === OLGA);
  const logged = await db.timeEntry.aggregate({
    _sum: { minutes: true },
    where: { employeeId: OLGA, deletedAt: null, spentOn: new Date(`${today}T00:00:00Z`) },
  });
  expect(olga?.minutes).toBe(logged._sum.minutes);
  // Repair's supervisor does not see IT's time.
  expect(((await report('elena')).body.items as { employeeId: string }[]).map((p) => p.employeeId)).not.toContain(OLGA);
  expect((await report('olga')).status).toBe(403);
  const backwards = await report('sergey', '?from=2026-12-02&to=2026-12-01');
  expect(backwards.status).toBe(400);
  expect(backwards.body.errors.map((e: { field: string }) => e.field)).toContain('to');
});
