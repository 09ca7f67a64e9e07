// SLA due dates count business hours only: a department whose calendar has today and tomorrow
// as holidays and no weekend work gets its first response due one working hour into the first
// working day after them, whatever day the test runs on.
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';

const db = openDb();
afterAll(() => db.$disconnect());

const DAY = 86_400_000;
const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);

test('response and resolution due dates skip holidays and the weekend', async () => {
  const now = Date.now();
  const holidays = [isoDate(now), isoDate(now + DAY)];
  const workday: [number, number][] = [[9 * 60, 18 * 60]]; // 09:00-18:00 UTC
  const week = [[], workday, workday, workday, workday, workday, []]; // Sunday first
  const calendar = await db.businessCalendar.upsert({
    where: { name: 'test business hours' },
    create: { name: 'test business hours', timezone: 'UTC', week, holidays },
    update: { week, holidays },
  });
  const department = await db.department.upsert({
    where: { code: 'test-bh' },
    create: { code: 'test-bh', name: 'Business hours test', calendarId: calendar.id },
    update: { calendarId: calendar.id },
  });
  const contract = await db.slaContract.upsert({
    where: { name: 'test one hour' },
    create: { name: 'test one hour', reopenWindowSeconds: 1, targets: { P3: { response: 3600, resolution: 7200 } } },
    update: {},
  });
  await db.service.upsert({
    where: { code: 'test-business-hours' },
    create: {
      code: 'test-business-hours',
      name: 'Business hours test service',
      departmentId: department.id,
      slaContractId: contract.id,
      serviceClass: 'test',
      serviceType: 'business-hours',
    },
    update: {},
  });

  const requestId = await fileRequest('admin', 'test-business-hours', 'Due after the holidays');
  const incident = await waitFor('incident opened', () => db.incident.findFirst({ where: { requestId, responseDueAt: { not: null } } }), 30000);

  // The first working day after today and tomorrow (both holidays), skipping Saturday and Sunday.
  let day = Date.parse(`${holidays[1]}T00:00:00Z`) + DAY;
  while ([0, 6].includes(new Date(day).getUTCDay())) day += DAY;
  expect(incident.departmentId).toBe(department.id);
  expect(incident.responseDueAt!.toISOString()).toBe(new Date(day + 10 * 3600_000).toISOString()); // 09:00 + 1 h
  expect(incident.resolutionDueAt!.toISOString()).toBe(new Date(day + 11 * 3600_000).toISOString()); // 09:00 + 2 h

  // Done with it: resolve, and the short reopen window closes the process.
  expect((await api('admin', 'POST', `/api/incidents/${incident.id}/resolve`, { resolution: 'checked the calendar' })).status).toBe(200);
  await waitFor('closed', () => db.incident.findFirst({ where: { id: incident.id, status: 'CLOSED' } }), 30000);
});
