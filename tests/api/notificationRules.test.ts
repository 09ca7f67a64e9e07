// Notification rules against the real stack: the defaults keep what the desk did before; an
// event switched off for clients sends them nothing (the incident's notification log, written
// by the worker's real notifier); a channel chosen for clients sends them SMS through the SMSC
// stand-in; a supervisor keeps only their own departments' rules (another department: 404).
import { randomInt, randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';
import { letterMarker } from '../support/marker';

const db = openDb();
afterAll(() => db.$disconnect());

interface Attempt {
  key: string;
  recipient: string;
  channel: string;
  template: string;
  outcome: string;
}

const OPENING = { event: 'incident-opened', recipient: 'client', enabled: true, channel: 'preferred' } as const;

/**
 * A department and a service of this test's own: its rules touch no other suite running beside it
 * (a global rule switched off did, for the whole desk), and nobody there is assigned on their own.
 */
async function ownDepartment(): Promise<{ departmentId: string; serviceCode: string }> {
  const code = letterMarker('rules').toLowerCase();
  const department = await db.department.create({ data: { code, name: `Rules ${code}` } });
  await db.service.create({ data: { code, name: `Rules ${code}`, departmentId: department.id } });
  return { departmentId: department.id, serviceCode: code };
}

/** A client with an e-mail and a phone, and a request of theirs for the service: its incident once opened. */
async function fileWithContacts(serviceCode: string): Promise<{ incidentId: string; email: string; phone: string }> {
  const phone = `+7995${randomInt(1_000_000, 9_999_999)}`;
  const email = `${letterMarker('rules')}@example.test`;
  const res = await api(
    'admin',
    'POST',
    '/api/requests',
    { phone, serviceCode, description: `Rules ${letterMarker()}`, client: { name: `Rules client ${letterMarker()}`, email } },
    { 'Idempotency-Key': `rules-${randomUUID()}` },
  );
  expect(res.status).toBe(201);
  const requestId = res.body.request.id as string;
  const incident = await waitFor('the incident', () => db.incident.findFirst({ where: { requestId } }), 60000);
  return { incidentId: incident.id, email, phone };
}

// Read as the admin: an agent may not see an incident of another department.
const log = async (incidentId: string) => (await api('admin', 'GET', `/api/incidents/${incidentId}/notifications`)).body.items as Attempt[];

test('by default every event notifies whom it did before, in the person’s own order; the admin keeps the global rules', async () => {
  const res = await api('admin', 'GET', '/api/notification-rules/global');
  expect(res.status).toBe(200);
  expect(res.body.items.length).toBeGreaterThanOrEqual(11);
  expect(res.body.items.every((r: { enabled: boolean; channel: string }) => r.enabled && r.channel === 'preferred')).toBe(true);
  expect(res.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ event: 'closed', recipient: 'manager' })]));
  // Written as it stands (a switch here would reach every suite running beside this one).
  const put = await api('admin', 'PUT', '/api/notification-rules/global', { rules: [OPENING] });
  expect(put.status).toBe(200);
  expect(put.body.items).toEqual(expect.arrayContaining([{ ...OPENING, source: 'global' }]));
});

test('an event switched off for a department’s clients sends them nothing; its other events still reach them', async () => {
  const { departmentId, serviceCode } = await ownDepartment();
  const off = await api('admin', 'PUT', `/api/notification-rules/${departmentId}`, { rules: [{ ...OPENING, enabled: false }] });
  expect(off.status).toBe(200);
  expect(off.body.items).toEqual(expect.arrayContaining([{ ...OPENING, enabled: false, source: 'department' }]));
  const { incidentId, email, phone } = await fileWithContacts(serviceCode);
  // The cancellation's message comes after the opening's: once it is on the log, the opening's would be too.
  const cancelled = await api('admin', 'POST', `/api/incidents/${incidentId}/transitions`, { action: 'cancel', comment: 'Filed twice' });
  expect(cancelled.status).toBe(200);
  const attempts = await waitFor(
    'the client told of the cancellation',
    async () => {
      const items = await log(incidentId);
      return items.some((a) => (a.recipient === email || a.recipient === phone) && a.key.endsWith(':CANCELLED')) ? items : null;
    },
    60000,
  );
  const toClient = attempts.filter((a) => a.recipient === email || a.recipient === phone);
  expect(toClient.filter((a) => a.key.endsWith(':NEW'))).toEqual([]);
});

test('a channel chosen for a department’s clients carries their message: SMS first although they have an e-mail', async () => {
  const { departmentId, serviceCode } = await ownDepartment();
  expect((await api('admin', 'PUT', `/api/notification-rules/${departmentId}`, { rules: [{ ...OPENING, channel: 'sms' }] })).status).toBe(200);
  const { incidentId, email, phone } = await fileWithContacts(serviceCode);
  // The rule is the opening's (status NEW): that message goes by SMS, none of it by e-mail.
  const attempts = await waitFor(
    'the client told of the opening',
    async () => {
      const items = (await log(incidentId)).filter((a) => a.template === 'status' && a.key.endsWith(':NEW'));
      return items.length ? items : null;
    },
    60000,
  );
  expect(attempts[0]).toMatchObject({ recipient: phone, channel: 'sms' });
  expect(attempts.some((a) => a.recipient === email)).toBe(false);
});

test('a supervisor keeps their own department’s rules only; bad input names the field', async () => {
  const repair = await db.department.findUniqueOrThrow({ where: { code: 'repair' } });
  const it = await db.department.findUniqueOrThrow({ where: { code: 'it' } });
  const rule = { event: 'sla-warning', recipient: 'supervisors', enabled: false, channel: 'email' };
  // elena supervises Repair.
  const own = await api('elena', 'PUT', `/api/notification-rules/${repair.id}`, { rules: [rule] });
  expect(own.status).toBe(200);
  expect(own.body.items).toEqual(expect.arrayContaining([{ ...rule, source: 'department' }]));
  expect((await api('elena', 'GET', `/api/notification-rules/${it.id}`)).status).toBe(404);
  expect((await api('elena', 'PUT', `/api/notification-rules/${it.id}`, { rules: [rule] })).status).toBe(404);
  expect((await api('elena', 'PUT', '/api/notification-rules/global', { rules: [rule] })).status).toBe(403);
  expect((await api('olga', 'GET', `/api/notification-rules/${repair.id}`)).status).toBe(403);
  // The department's rule wins there; the global one still holds in IT.
  expect((await api('admin', 'GET', `/api/notification-rules/${it.id}`)).body.items).toEqual(
    expect.arrayContaining([expect.objectContaining({ event: 'sla-warning', recipient: 'supervisors', enabled: true, source: 'default' })]),
  );
  const bad = await api('elena', 'PUT', `/api/notification-rules/${repair.id}`, { rules: [{ ...rule, recipient: 'client' }] });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].field).toBe('rules.0.recipient');
  const badChannel = await api('elena', 'PUT', `/api/notification-rules/${repair.id}`, { rules: [{ ...rule, channel: 'fax' }] });
  expect(badChannel.body.errors[0].field).toBe('rules.0.channel');
  expect((await api('elena', 'PUT', `/api/notification-rules/${repair.id}`, { rules: [{ ...rule, enabled: true, channel: 'preferred' }] })).status).toBe(200);
});
