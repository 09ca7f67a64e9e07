// Admin tables through the API: departments (tree, head, calendar), services, SLA contracts,
// calendars and employees' desk settings. Round trips, validation naming fields, refusals
// while a row is in use, and who may read and write.
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';

const db = openDb();
afterAll(() => db.$disconnect());
const tag = Date.now().toString(36);
const OLGA = '00000000-0000-4000-8000-000000000012';
const targets = {
  P1: { response: 900, resolution: 14400 },
  P2: { response: 1800, resolution: 28800 },
  P3: { response: 3600, resolution: 86400 },
  P4: { response: 7200, resolution: 172800 },
};
const workweek = [[], [[540, 1080]], [[540, 1080]], [[540, 1080]], [[540, 1080]], [[540, 1020]], []];

test('who may read and who may write', async () => {
  for (const path of ['departments', 'services', 'sla-contracts', 'calendars', 'employees']) {
    expect((await api('admin', 'GET', `/api/admin/${path}`)).status).toBe(200);
    expect((await api('sergey', 'GET', `/api/admin/${path}`)).status).toBe(200); // supervisors look
    expect((await api('olga', 'GET', `/api/admin/${path}`)).status).toBe(403);
    expect((await api('ivan', 'GET', `/api/admin/${path}`)).status).toBe(403);
  }
  expect((await api('sergey', 'POST', '/api/admin/departments', { code: `x-${tag}`, name: 'X' })).status).toBe(403);
  expect((await api('sergey', 'PATCH', `/api/admin/employees/${OLGA}`, { capacity: 3 })).status).toBe(403);
});

test('a department subtree with a head and a calendar; a department in use is not deleted; no cycles', async () => {
  const it = (await db.department.findUniqueOrThrow({ where: { code: 'it' } })).id;
  const cal = await api('admin', 'POST', '/api/admin/calendars', {
    name: `Moscow 5x8 ${tag}`,
    timezone: 'Europe/Moscow',
    week: workweek,
    holidays: ['2027-01-01', '2027-01-01', '2026-12-31'],
  });
  expect(cal.status).toBe(201);
  expect(cal.body.item.holidays).toEqual(['2026-12-31', '2027-01-01']); // sorted, once each
  const created = await api('admin', 'POST', '/api/admin/departments', {
    code: `net-${tag}`,
    name: 'Network',
    parentId: it,
    headId: OLGA,
    calendarId: cal.body.item.id,
  });
  expect(created.status).toBe(201);
  const net = created.body.item;
  expect(net).toMatchObject({ code: `net-${tag}`, parentId: it, headId: OLGA, calendarId: cal.body.item.id });
  expect((await api('admin', 'GET', '/api/admin/departments')).body.items.map((d: { id: string }) => d.id)).toContain(net.id);

  // IT cannot move below its own child; an unknown head or parent is named.
  const cycle = await api('admin', 'PATCH', `/api/admin/departments/${it}`, { parentId: net.id });
  expect(cycle.status).toBe(400);
  expect(cycle.body.errors[0].field).toBe('parentId');
  expect((await api('admin', 'PATCH', `/api/admin/departments/${net.id}`, { headId: 'nobody' })).body.errors[0].field).toBe('headId');
  expect((await api('admin', 'POST', '/api/admin/departments', { code: 'Bad Code', name: 'x' })).body.errors[0].field).toBe('code');
  expect((await api('admin', 'POST', '/api/admin/departments', { code: `net-${tag}`, name: 'again' })).status).toBe(409);
  // In use by the calendar's department: the calendar stays; IT itself is in use.
  expect((await api('admin', 'DELETE', `/api/admin/calendars/${cal.body.item.id}`)).status).toBe(409);
  expect((await api('admin', 'DELETE', `/api/admin/departments/${it}`)).status).toBe(409);
  expect((await api('admin', 'DELETE', `/api/admin/departments/${net.id}`)).status).toBe(204);
  expect(await db.department.findUnique({ where: { id: net.id } })).toBeNull();
  expect((await api('admin', 'DELETE', `/api/admin/calendars/${cal.body.item.id}`)).status).toBe(204);
  expect((await api('admin', 'DELETE', `/api/admin/departments/${randomUUID()}`)).status).toBe(404);
});

test('services and SLA contracts: one default contract, a contract in use stays, targets validated', async () => {
  const it = (await db.department.findUniqueOrThrow({ where: { code: 'it' } })).id;
  const bad = await api('admin', 'POST', '/api/admin/sla-contracts', { name: `Bad ${tag}`, targets: { ...targets, P1: { response: 7200, resolution: 3600 } } });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('targets.P1.response');
  const gold = await api('admin', 'POST', '/api/admin/sla-contracts', { name: `Gold ${tag}`, targets, reopenWindowSeconds: 3600 });
  expect(gold.status).toBe(201);
  const svc = await api('admin', 'POST', '/api/admin/services', {
    code: `vpn-${tag}`,
    name: 'VPN access',
    serviceClass: 'network',
    serviceType: 'vpn',
    departmentId: it,
    slaContractId: gold.body.item.id,
  });
  expect(svc.status).toBe(201);
  // The new service is in the catalog operators pick from.
  expect((await api('olga', 'GET', '/api/services')).body.items.map((s: { code: string }) => s.code)).toContain(`vpn-${tag}`);
  expect((await api('admin', 'DELETE', `/api/admin/sla-contracts/${gold.body.item.id}`)).status).toBe(409);
  expect((await api('admin', 'PATCH', `/api/admin/services/${svc.body.item.id}`, { departmentId: randomUUID() })).body.errors[0].field).toBe('departmentId');
  expect((await api('admin', 'PATCH', `/api/admin/services/${svc.body.item.id}`, { name: 'VPN', colour: 'red' })).status).toBe(400);

  // Making Gold the default takes it from the previous default.
  expect((await api('admin', 'PATCH', `/api/admin/sla-contracts/${gold.body.item.id}`, { isDefault: true })).status).toBe(200);
  expect(await db.slaContract.count({ where: { isDefault: true } })).toBe(1);
  const standard = await db.slaContract.findFirstOrThrow({ where: { name: 'Standard' } });
  await api('admin', 'PATCH', `/api/admin/sla-contracts/${standard.id}`, { isDefault: true });
  expect((await db.slaContract.findUniqueOrThrow({ where: { id: gold.body.item.id } })).isDefault).toBe(false);

  expect((await api('admin', 'DELETE', `/api/admin/services/${svc.body.item.id}`)).status).toBe(204);
  expect((await api('admin', 'DELETE', `/api/admin/sla-contracts/${gold.body.item.id}`)).status).toBe(204);
  // A service with requests keeps its history.
  const laptop = await db.service.findUniqueOrThrow({ where: { code: 'it-laptop' } });
  if (await db.serviceRequest.count({ where: { serviceId: laptop.id } }))
    expect((await api('admin', 'DELETE', `/api/admin/services/${laptop.id}`)).status).toBe(409);
});

test("calendars refuse a wrong time zone or week; employees' desk settings are edited, identity is not", async () => {
  const zone = await api('admin', 'POST', '/api/admin/calendars', { name: `Bad ${tag}`, timezone: 'Mars/Olympus', week: workweek, holidays: [] });
  expect(zone.body.errors[0].field).toBe('timezone');
  const days = await api('admin', 'POST', '/api/admin/calendars', { name: `Bad ${tag}`, timezone: 'UTC', week: workweek.slice(0, 5), holidays: [] });
  expect(days.body.errors[0].field).toBe('week');
  const backwards = await api('admin', 'POST', '/api/admin/calendars', {
    name: `Bad ${tag}`,
    timezone: 'UTC',
    week: [[[600, 500]], [], [], [], [], [], []],
    holidays: [],
  });
  expect(backwards.body.errors[0].field).toMatch(/^week\.0\.0/);

  const before = await db.employee.findUniqueOrThrow({ where: { id: OLGA } });
  const res = await api('admin', 'PATCH', `/api/admin/employees/${OLGA}`, { onShift: false, timezone: 'Asia/Yekaterinburg' });
  expect(res.status).toBe(200);
  expect(res.body.item).toMatchObject({ onShift: false, timezone: 'Asia/Yekaterinburg', username: 'olga' });
  expect((await api('admin', 'PATCH', `/api/admin/employees/${OLGA}`, { username: 'hacker' })).status).toBe(400);
  // Employees are made in Keycloak through this route (tests/api/employeeAccounts.test.ts); a bad one is a 400.
  const create = await api('admin', 'POST', '/api/admin/employees', { username: 'x' });
  expect(create.status).toBe(400);
  expect((await api('admin', 'DELETE', `/api/admin/employees/${OLGA}`)).status).toBe(403);
  // An admin cannot switch themselves off (a desk with one admin would lock itself out).
  const me = (await api('admin', 'GET', '/api/me')).body;
  const self = await api('admin', 'PATCH', `/api/admin/employees/${me.id}`, { active: false });
  expect([self.status, self.body.detail]).toEqual([409, 'you cannot deactivate your own account; ask another admin']);
  expect((await db.employee.findUniqueOrThrow({ where: { id: me.id } })).active).toBe(true);
  await api('admin', 'PATCH', `/api/admin/employees/${OLGA}`, { onShift: before.onShift, timezone: before.timezone });
  expect((await db.employee.findUniqueOrThrow({ where: { id: OLGA } })).onShift).toBe(before.onShift);
});
