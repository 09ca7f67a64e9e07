// Self-registration: a person who signed up in Keycloak on their own stays out until the HR
// directory confirms them; admins keep the built-in allow-list and see who waits. The HTTP
// adapter for an outside HR system is checked against a local server speaking its contract.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { api, tokenFor } from '../support/api';
import { openDb } from '../support/db';
import { registerInKeycloak } from '../support/keycloak';
import { HttpHrDirectory } from '../../domain/adapters/hrDirectory';

const db = openDb();
afterAll(() => db.$disconnect());
const ACCOUNT_PENDING = 'urn:incident-desk:problem:account-pending';

test('an unconfirmed newcomer is kept out of every API call until HR confirms them', async () => {
  const username = `newcomer-${randomUUID().slice(0, 8)}`;
  const email = `${username}@example.test`;
  await registerInKeycloak(username, email);

  const me = await api(username, 'GET', '/api/me');
  expect(me.status).toBe(403);
  expect(me.contentType).toMatch(/^application\/problem\+json/);
  expect(me.body.type).toBe(ACCOUNT_PENDING);
  expect((await api(username, 'GET', '/api/incidents')).status).toBe(403);
  expect(await db.employee.findFirst({ where: { username } })).toBeNull();
  const pending = await api('admin', 'GET', '/api/admin/pending-accounts');
  expect(pending.body.items.map((p: { email: string }) => p.email)).toContain(email);

  // Only admins keep the allow-list; bad input names the field.
  expect((await api('sergey', 'PUT', `/api/admin/hr-allow-list/${email}`, { departmentCode: 'it' })).status).toBe(403);
  const unknownDept = await api('admin', 'PUT', `/api/admin/hr-allow-list/${email}`, { departmentCode: 'no-such' });
  expect(unknownDept.status).toBe(400);
  expect(unknownDept.body.errors[0].field).toBe('departmentCode');
  // A path naming no one is a 404 since the contract checks path parameters (api/contract/express.ts).
  expect((await api('admin', 'PUT', '/api/admin/hr-allow-list/not-an-email', {})).status).toBe(404);
  expect((await api('admin', 'PUT', `/api/admin/hr-allow-list/${email}`, { departmentCode: 'it', colour: 'red' })).status).toBe(400);
  const allowed = await api('admin', 'PUT', `/api/admin/hr-allow-list/${email.toUpperCase()}`, { departmentCode: 'it', note: 'hired today' });
  expect(allowed.status).toBe(200);
  expect(allowed.body.entry).toMatchObject({ email, departmentCode: 'it' });

  // Confirmed: in, mirrored as an employee of the department HR names, no longer pending.
  const after = await api(username, 'GET', '/api/me');
  expect(after.status).toBe(200);
  expect(after.body.username).toBe(username);
  const employee = await db.employee.findFirstOrThrow({ where: { username }, include: { department: true } });
  expect(employee.department?.code).toBe('it');
  expect((await api('admin', 'GET', '/api/admin/pending-accounts')).body.items.map((p: { email: string }) => p.email)).not.toContain(email);
  expect((await api(username, 'GET', '/api/incidents')).status).toBe(200);

  expect((await api('admin', 'DELETE', `/api/admin/hr-allow-list/${email}`)).status).toBe(204);
  expect((await api('admin', 'DELETE', `/api/admin/hr-allow-list/${email}`)).status).toBe(404);
});

test('people the desk already knows need no confirmation; a deactivated employee is kept out', async () => {
  expect((await api('maria', 'GET', '/api/me')).status).toBe(200);
  const username = `leaver-${randomUUID().slice(0, 8)}`;
  await registerInKeycloak(username, `${username}@example.test`);
  await api('admin', 'PUT', `/api/admin/hr-allow-list/${username}@example.test`, {});
  // The sync job found them gone from the company (deactivated) before they ever came.
  const id = await keycloakId(username);
  await db.employee.create({ data: { id, username, email: `${username}@example.test`, fullName: 'Leaver', roles: ['user'], active: false } });
  const res = await api(username, 'GET', '/api/me');
  expect(res.status).toBe(403);
  expect(res.body.detail).toContain('deactivated');
});

async function keycloakId(username: string): Promise<string> {
  const token = await tokenFor(username);
  return (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
}

test('the HTTP HR adapter follows its contract: confirmed, unknown (404), refused, and a broken directory', async () => {
  const seen: { email: string | null; auth: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    const email = new URL(req.url!, 'http://x').searchParams.get('email');
    seen.push({ email, auth: req.headers.authorization });
    if (email === 'anna@corp.example') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"confirmed":true,"department":"repair"}');
    if (email === 'bob@corp.example') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"confirmed":false}');
    if (email === 'broken@corp.example') return void res.writeHead(500).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/people`;
  try {
    const hr = new HttpHrDirectory(url, 'hr-secret');
    expect(await hr.confirm('anna@corp.example')).toEqual({ confirmed: true, department: 'repair' });
    expect(await hr.confirm('bob@corp.example')).toEqual({ confirmed: false, department: null });
    expect(await hr.confirm('nobody@corp.example')).toEqual({ confirmed: false, department: null });
    await expect(hr.confirm('broken@corp.example')).rejects.toThrow('HR directory answered 500');
    expect(seen[0]).toEqual({ email: 'anna@corp.example', auth: 'Bearer hr-secret' });
  } finally {
    server.close();
  }
});

test('a self-registered employee without a phone reports by QR: their client record is made once, found by the account', async () => {
  const username = `nophone-${randomUUID().slice(0, 8)}`;
  const email = `${username}@example.test`;
  await registerInKeycloak(username, email); // no phone attribute in the profile
  expect((await api('admin', 'PUT', `/api/admin/hr-allow-list/${email}`, { departmentCode: 'it' })).status).toBe(200);
  expect((await api(username, 'GET', '/api/me')).body.phone ?? null).toBeNull();

  const first = await api(
    username,
    'POST',
    '/api/qr/demo-printer-3rd-floor/reports',
    { problemType: 'paper-jam' },
    { 'Idempotency-Key': `np-${randomUUID()}` },
  );
  expect(first.status).toBe(201);
  const second = await api(
    username,
    'POST',
    '/api/qr/demo-printer-3rd-floor/reports',
    { problemType: 'no-toner' },
    { 'Idempotency-Key': `np-${randomUUID()}` },
  );
  expect(second.status).toBe(201);
  expect(second.body.request.id).not.toBe(first.body.request.id);

  const employee = await db.employee.findFirstOrThrow({ where: { username } });
  const clients = await db.client.findMany({ where: { accountId: employee.id }, include: { phones: true } });
  expect(clients).toHaveLength(1);
  expect(clients[0]).toMatchObject({ phone: null, email, phones: [] });
  const requests = await db.serviceRequest.findMany({ where: { id: { in: [first.body.request.id, second.body.request.id] } } });
  expect(requests.map((r) => r.clientId)).toEqual([clients[0]!.id, clients[0]!.id]);
  // Their own requests are theirs to read; the journal shows the client without a phone.
  const mine = await api(username, 'GET', `/api/requests/${first.body.request.id}`);
  expect(mine.status).toBe(200);
  expect(mine.body.request.client).toMatchObject({ id: clients[0]!.id, phone: null });
});
