// The sync's person, tracker and field mappings (docs/sync.md, "Mapping"): admins only; our side
// checked before anything is stored (a person is one of our employees by e-mail or login and is
// kept as the e-mail, a tracker is Redmine's and maps to a service or problem type code, a field
// to one of ours), a refused value answered 400 naming its field with nothing written; a held
// person matching an employee suggested, and resolved by its mapping. Held rows are made here as
// the inbound sync makes them, on Redmine (syncAdmin.test.ts counts RT's held values).
import { api } from '../support/api';
import { openDb } from '../support/db';
import { useSyncMarkers } from '../support/syncMarkers';

const db = openDb();
const { mine, keep } = useSyncMarkers(db);
const put = (user: string, body: Record<string, string>) => api(user, 'PUT', '/api/admin/sync/mappings', body);

test('agents and supervisors may neither map people, trackers or fields nor see the suggestions', async () => {
  const remote = mine('who');
  for (const user of ['ivan', 'olga', 'sergey']) {
    expect((await api(user, 'GET', '/api/admin/sync/person-suggestions')).status).toBe(403);
    expect((await put(user, { system: 'rt', kind: 'person', remote, local: 'olga' })).status).toBe(403);
    expect((await put(user, { system: 'redmine', kind: 'field', remote, local: 'problemType' })).status).toBe(403);
  }
  expect(await db.syncMapping.count({ where: { remote } })).toBe(0);
});

test("a person maps to an employee by login or e-mail and is kept as the e-mail; nobody's value is refused at its field", async () => {
  const olga = await db.employee.findFirstOrThrow({ where: { username: 'olga' } });
  const byLogin = mine('rtuser');
  const r = await put('admin', { system: 'rt', kind: 'person', remote: byLogin, local: 'OLGA' });
  expect(r.status).toBe(200);
  expect(r.body.mapping).toMatchObject({ system: 'rt', kind: 'person', remote: byLogin, local: olga.email });
  const byEmail = mine('rmuser');
  expect((await put('admin', { system: 'redmine', kind: 'person', remote: byEmail, local: olga.email.toUpperCase() })).body.mapping.local).toBe(olga.email);
  const list = await api('admin', 'GET', '/api/admin/sync/mappings?kind=person');
  expect(list.status).toBe(200);
  expect(list.body.items.every((m: { kind: string }) => m.kind === 'person')).toBe(true);
  expect(list.body.items.map((m: { remote: string }) => m.remote)).toEqual(expect.arrayContaining([byLogin, byEmail]));

  const nobody = mine('nobody');
  const bad = await put('admin', { system: 'rt', kind: 'person', remote: nobody, local: `${nobody}@nowhere.example` });
  expect(bad.status).toBe(400);
  expect(bad.headers.get('content-type')).toContain('application/problem+json');
  expect(bad.body.errors[0]).toMatchObject({ field: 'local', message: expect.stringContaining(`${nobody}@nowhere.example`) });
  // A refused change leaves the earlier mapping of that value as it was.
  expect((await put('admin', { system: 'rt', kind: 'person', remote: byLogin, local: 'no-such-login-here' })).body.errors[0].field).toBe('local');
  expect(await db.syncMapping.findMany({ where: { remote: { in: [nobody, byLogin] } }, select: { remote: true, local: true } })).toEqual([
    { remote: byLogin, local: olga.email },
  ]);
  expect((await api('admin', 'GET', '/api/admin/sync/mappings?kind=nobody')).body.errors[0].field).toBe('kind');
});

test('a Redmine tracker maps to a service or problem type code, a custom field to one of our fields; others are refused at their field', async () => {
  const service = await db.service.findFirstOrThrow({ orderBy: { code: 'asc' } });
  const tracker = mine('Tracker');
  expect((await put('admin', { system: 'redmine', kind: 'tracker', remote: tracker, local: service.code })).body.mapping).toMatchObject({
    kind: 'tracker',
    local: service.code,
  });
  const field = mine('Asset');
  expect((await put('admin', { system: 'rt', kind: 'field', remote: field, local: 'problemType' })).status).toBe(200);

  const refused = mine('refused');
  for (const [body, name] of [
    [{ system: 'rt', kind: 'tracker', remote: refused, local: service.code }, 'kind'],
    [{ system: 'redmine', kind: 'tracker', remote: refused, local: `${refused}-code` }, 'local'],
    [{ system: 'redmine', kind: 'field', remote: refused, local: 'colour' }, 'local'],
    [{ system: 'redmine', kind: 'field', remote: refused }, 'local'],
  ] as const) {
    const bad = await put('admin', body);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe(name);
  }
  expect(await db.syncMapping.count({ where: { remote: refused } })).toBe(0);
});

test('a held person whose e-mail names an employee is suggested; its mapping resolves it and ends the suggestion', async () => {
  const olga = await db.employee.findFirstOrThrow({ where: { username: 'olga' } });
  // Redmine's login there is an address whose name part is our login.
  const value = keep(`olga@${mine('corp')}.example`);
  const remoteId = String(Date.now());
  await db.syncHeld.create({ data: { system: 'redmine', remoteId, kind: 'person', value, reason: `no person mapping for ${value}` } });
  const s = await api('admin', 'GET', '/api/admin/sync/person-suggestions');
  expect(s.status).toBe(200);
  expect(s.body.items).toContainEqual({ system: 'redmine', remote: value, local: olga.email, fullName: olga.fullName, username: 'olga' });

  expect((await put('admin', { system: 'redmine', kind: 'person', remote: value, local: olga.email })).status).toBe(200);
  expect((await db.syncHeld.findFirstOrThrow({ where: { remoteId, value } })).resolvedAt).not.toBeNull();
  const after = await api('admin', 'GET', '/api/admin/sync/person-suggestions');
  expect(after.body.items.map((x: { remote: string }) => x.remote)).not.toContain(value);
});
