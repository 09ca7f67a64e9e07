// Who sees which incident, per role, through every incident endpoint.
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';

const db = openDb();
let itIncident: string;
let repairIncident: string;

beforeAll(async () => {
  const itRequest = await fileRequest('olga', 'it-laptop', 'Access matrix: IT');
  const repairRequest = await fileRequest('pavel', 'repair-phone', 'Access matrix: Repair', '+74950000023');
  itIncident = (await waitFor('IT incident', () => db.incident.findUnique({ where: { requestId: itRequest } }))).id;
  repairIncident = (await waitFor('Repair incident', () => db.incident.findUnique({ where: { requestId: repairRequest } }))).id;
});
afterAll(() => db.$disconnect());

const visible = async (user: string) => ((await api(user, 'GET', '/api/incidents')).body.items as { id: string }[]).map((i) => i.id);

describe.each([
  // user, sees IT incident, sees Repair incident
  ['admin', true, true],
  ['sergey', true, false], // IT supervisor
  ['olga', true, false], // IT agent (filed the IT one)
  ['elena', false, true], // Repair supervisor
  ['pavel', false, true], // Repair agent
  ['maria', false, true], // Repair user: the Repair request's client is linked to her account
  ['ivan', false, false], // IT user: neither is his
])('%s', (user, seesIt, seesRepair) => {
  test('list shows exactly the incidents in scope', async () => {
    const ids = await visible(user);
    expect(ids.includes(itIncident)).toBe(seesIt);
    expect(ids.includes(repairIncident)).toBe(seesRepair);
  });

  test('GET /api/incidents/:id is 200 in scope and 404 outside it', async () => {
    expect((await api(user, 'GET', `/api/incidents/${itIncident}`)).status).toBe(seesIt ? 200 : 404);
    expect((await api(user, 'GET', `/api/incidents/${repairIncident}`)).status).toBe(seesRepair ? 200 : 404);
  });

  test('resolving an incident outside the scope is 404 and changes nothing', async () => {
    const foreign = seesIt ? (seesRepair ? null : repairIncident) : itIncident;
    if (!foreign) return expect(user).toBe('admin');
    const before = await db.incident.findUniqueOrThrow({ where: { id: foreign }, include: { transitions: true } });
    const res = await api(user, 'POST', `/api/incidents/${foreign}/resolve`, { resolution: 'not mine' });
    expect(res.status).toBe(404);
    expect(res.contentType).toContain('application/problem+json');
    const after = await db.incident.findUniqueOrThrow({ where: { id: foreign }, include: { transitions: true } });
    expect(after.status).not.toBe('RESOLVED');
    expect(after.resolution).toBeNull();
    expect(after.transitions.filter((t) => t.action === 'resolve')).toEqual([]);
    expect(after.transitions.length).toBeGreaterThanOrEqual(before.transitions.length); // only the process itself (auto-assignment) may have moved it
  });
});

test('a user of department A gets 404 for an incident of department B, and for a random id', async () => {
  expect((await api('sergey', 'GET', `/api/incidents/${repairIncident}`)).status).toBe(404);
  expect((await api('sergey', 'GET', '/api/incidents/00000000-0000-4000-8000-00000000abcd')).status).toBe(404);
  expect((await api('sergey', 'GET', '/api/incidents/not-a-uuid')).status).toBe(404);
});

test('a requester who can see an incident still may not resolve it (403)', async () => {
  const res = await api('maria', 'POST', `/api/incidents/${repairIncident}/resolve`, { resolution: 'I fixed it myself' });
  expect(res.status).toBe(403);
});

test('resolve validates its body and rejects a second resolve with 409', async () => {
  const bad = await api('olga', 'POST', `/api/incidents/${itIncident}/resolve`, { resolution: '' });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].field).toBe('resolution');
  const ok = await api('olga', 'POST', `/api/incidents/${itIncident}/resolve`, { resolution: 'Replaced the battery' });
  expect(ok.status).toBe(200);
  expect(ok.body.incident.status).toBe('RESOLVED');
  const again = await api('olga', 'POST', `/api/incidents/${itIncident}/resolve`, { resolution: 'again' });
  expect(again.status).toBe(409);
});

test('unknown API routes are 404 problem+json; /api/me names the user', async () => {
  const res = await api('ivan', 'GET', '/api/nothing-here');
  expect(res.status).toBe(404);
  expect(res.contentType).toContain('application/problem+json');
  const me = await api('elena', 'GET', '/api/me');
  expect(me.body).toMatchObject({ username: 'elena', department: 'repair', roles: expect.arrayContaining(['supervisor']) });
});
