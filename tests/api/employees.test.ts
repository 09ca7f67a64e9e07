// Employees by Keycloak user id through Keycloak's admin API, the sync job that mirrors every
// Keycloak user, and optimistic concurrency on incidents (ETag / If-Match).
import { randomUUID } from 'node:crypto';
import { api, fileRequest, tokenFor } from '../support/api';
import { APP_URL } from '../support/env';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';
import { roomAtOlga } from '../support/agentRoom';
import { keycloakUser, registerInKeycloak, updateKeycloakUser } from '../support/keycloak';

const db = openDb();
roomAtOlga(db); // the incident of the ETag test settles as ASSIGNED before it is loaded
afterAll(() => db.$disconnect());
const SERGEY = '00000000-0000-4000-8000-000000000011';
const IVAN = '00000000-0000-4000-8000-000000000013';

test("staff look an employee up by Keycloak id and get Keycloak's user object", async () => {
  const res = await api('olga', 'GET', `/api/employees/${SERGEY}`);
  expect(res.status).toBe(200);
  expect(res.body.employee).toMatchObject({ id: SERGEY, username: 'sergey', department: 'it', enabled: true, email: expect.stringContaining('@') });
  expect(res.body.employee.roles).toEqual(expect.arrayContaining(['agent', 'supervisor', 'user']));
  expect(res.body.employee.roles).not.toContain('admin');
  expect(res.body.employee.fullName).toMatch(/Sergey/);
});

test('a plain user may look up only themselves; unknown ids are 404 problems', async () => {
  expect((await api('ivan', 'GET', `/api/employees/${SERGEY}`)).status).toBe(403);
  const self = await api('ivan', 'GET', `/api/employees/${IVAN}`);
  expect(self.status).toBe(200);
  expect(self.body.employee.username).toBe('ivan');
  const unknown = await api('olga', 'GET', `/api/employees/${randomUUID()}`);
  expect(unknown.status).toBe(404);
  expect(unknown.contentType).toMatch(/^application\/problem\+json/);
  expect((await api('olga', 'GET', '/api/employees/not-an-id')).status).toBe(404);
});

test('the sync mirrors Keycloak into the employee table and can deactivate the missing', async () => {
  // A row Keycloak does not know, and a stale copy of a real employee.
  const stranger = randomUUID();
  await db.employee.create({
    data: { id: stranger, username: `gone-${stranger}`, email: `${stranger}@example.test`, fullName: 'Left the company', roles: ['agent'] },
  });
  await db.employee.update({ where: { id: SERGEY }, data: { fullName: 'Stale Name' } });
  expect((await api('olga', 'POST', '/api/admin/employees/sync')).status).toBe(403);

  const plain = await api('admin', 'POST', '/api/admin/employees/sync');
  expect(plain.status).toBe(200);
  expect(plain.body.mirrored).toBeGreaterThanOrEqual(7); // the demo realm's people
  expect(plain.body.deactivated).toBe(0);
  expect((await db.employee.findUniqueOrThrow({ where: { id: SERGEY } })).fullName).toMatch(/Sergey/);
  expect((await db.employee.findUniqueOrThrow({ where: { id: stranger } })).active).toBe(true);

  const strict = await api('admin', 'POST', '/api/admin/employees/sync?deactivateMissing=true');
  expect(strict.body.deactivated).toBeGreaterThanOrEqual(1);
  expect((await db.employee.findUniqueOrThrow({ where: { id: stranger } })).active).toBe(false);
  expect((await db.employee.findUniqueOrThrow({ where: { id: SERGEY } })).active).toBe(true);
  expect(await db.employee.count({ where: { username: { in: ['olga', 'sergey', 'elena', 'pavel', 'ivan', 'maria', 'admin'] }, active: true } })).toBe(7);
});

test('a change based on a stale copy of an incident is refused with 409 (If-Match)', async () => {
  const requestId = await fileRequest('sergey', 'it-laptop', 'ETag test');
  const incident = await waitFor('assigned incident', () => db.incident.findFirst({ where: { requestId, status: 'ASSIGNED' } }), 30000);
  const auth = { authorization: `Bearer ${await tokenFor('sergey')}` };
  const url = `${APP_URL}/api/incidents/${incident.id}`;
  // The process may still be writing after the assignment (SLA clock, notifications): take the
  // version once two reads a second apart agree.
  const version = async () => (await fetch(url, { headers: auth })).headers.get('etag')!;
  const etag = await waitFor('a settled incident', async () => {
    const first = await version();
    await new Promise((r) => setTimeout(r, 1000));
    return (await version()) === first ? first : null;
  });
  expect(etag).toMatch(/^"[0-9a-z]+"$/);
  const move = (body: object, ifMatch: string) =>
    fetch(`${url}/transitions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'if-match': ifMatch }, body: JSON.stringify(body) });

  // Someone else changes the priority: the copy loaded before is stale now.
  const other = await move({ action: 'setPriority', priority: 'P2' }, etag);
  expect(other.status).toBe(200);
  const newTag = other.headers.get('etag')!;
  expect(newTag).not.toBe(etag);
  const stale = await move({ action: 'setPriority', priority: 'P4' }, etag);
  expect(stale.status).toBe(409);
  expect(stale.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).priority).toBe('P2');
  // With the current version (or none) the change goes through.
  const fresh = await move({ action: 'setPriority', priority: 'P4' }, newTag);
  expect(fresh.status).toBe(200);
  expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).priority).toBe('P4');
});

test('the sync never undoes a deactivation made in the desk: still inactive, still refused', async () => {
  const username = `leaver-${Date.now()}`;
  await registerInKeycloak(username, `${username}@example.test`);
  const { id } = await keycloakUser(username);
  expect((await api('admin', 'POST', '/api/admin/employees/sync')).status).toBe(200);
  expect((await db.employee.findUniqueOrThrow({ where: { id } })).active).toBe(true);

  // The desk switches them off: their Keycloak account is disabled too, and a token they got
  // before is refused by the desk.
  await tokenFor(username); // got before: the desk's own refusal is what is checked below
  const off = await api('admin', 'PATCH', `/api/admin/employees/${id}`, { active: false });
  expect(off.status).toBe(200);
  expect((await keycloakUser(username)).enabled).toBe(false);
  expect((await api('admin', 'POST', '/api/admin/employees/sync')).status).toBe(200);
  expect((await db.employee.findUniqueOrThrow({ where: { id } })).active).toBe(false);
  const refused = await api(username, 'GET', '/api/me');
  expect(refused.status).toBe(403);
  expect(refused.body.detail).toContain('deactivated');

  // Only an admin brings them back (Keycloak enabled again); then Keycloak's "enabled" counts again.
  expect((await api('admin', 'PATCH', `/api/admin/employees/${id}`, { active: true })).status).toBe(200);
  expect((await keycloakUser(username)).enabled).toBe(true);
  await updateKeycloakUser(username, { enabled: false });
  expect((await api('admin', 'POST', '/api/admin/employees/sync')).status).toBe(200);
  expect((await db.employee.findUniqueOrThrow({ where: { id } })).active).toBe(false);
  await updateKeycloakUser(username, { enabled: true });
  expect((await api('admin', 'POST', '/api/admin/employees/sync')).status).toBe(200);
  expect((await db.employee.findUniqueOrThrow({ where: { id } })).active).toBe(true);
});
