// Temporal Schedules of the daily digests: in place after the worker starts, not duplicated by
// a second start, and a run sends each agent one digest of their open incidents and each
// supervisor one SLA summary; a second run the same day sends nothing new.
import type { Client } from '@temporalio/client';
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { mails } from '../support/mail';
import { waitFor } from '../support/processes';
import { openTemporal } from '../support/temporal';
import { testEnv } from '../support/env';
import { ensureSchedules } from '../../worker/schedules';
import { localDate, staffTimezones } from '../../domain/digests';
import { departmentSubtree } from '../../domain/access';

const db = openDb();
const OLGA = '00000000-0000-4000-8000-000000000012';
const SERGEY = '00000000-0000-4000-8000-000000000011';
let temporal: Client;
beforeAll(async () => {
  temporal = await openTemporal();
  // Earlier tests leave incidents open with Olga: room for this one.
  await db.employee.update({ where: { id: OLGA }, data: { capacity: 1000 } });
});
afterAll(async () => {
  await db.employee.update({ where: { id: OLGA }, data: { capacity: 10 } });
  await temporal.connection.close();
  await db.$disconnect();
});

const scheduleIds = async () => {
  const ids: string[] = [];
  for await (const s of temporal.schedule.list()) ids.push(s.scheduleId);
  return ids.sort();
};

/** Triggers a schedule now and waits for the workflow it started to finish. */
async function runNow(scheduleId: string): Promise<{ date: string; sent: number }> {
  const handle = temporal.schedule.getHandle(scheduleId);
  const before = (await handle.describe()).info.recentActions.length;
  await handle.trigger();
  const action = await waitFor('the triggered run', async () => {
    const recent = (await handle.describe()).info.recentActions;
    return recent.length > before ? recent[recent.length - 1] : null;
  });
  return temporal.workflow.getHandle(action.action.workflow.workflowId).result();
}

test('one digest and one SLA summary schedule per staff time zone, created idempotently', async () => {
  const zones = await staffTimezones(db);
  expect(zones.length).toBeGreaterThan(0);
  const expected = zones.flatMap((z) => [`daily-digest-${z.replace(/[^A-Za-z0-9_-]/g, '_')}`, `sla-summary-${z.replace(/[^A-Za-z0-9_-]/g, '_')}`]).sort();
  const ids = await scheduleIds();
  expect(ids).toEqual(expect.arrayContaining(expected));
  // A second worker start updates, never duplicates.
  await ensureSchedules(temporal, db, testEnv.TEMPORAL_TASK_QUEUE ?? 'incident-desk');
  expect(await scheduleIds()).toEqual(ids);
  const described = await temporal.schedule.getHandle(expected[0]!).describe();
  expect(described.spec.timezone).toBe(zones[0]);
  expect(JSON.stringify(described.spec.calendars)).toMatch(/"hour":\[\{"start":9,"end":9/);
});

test('the morning digest lists the agent\'s open incidents, once a day', async () => {
  const requestId = await fileRequest('olga', 'it-laptop', 'Digest test: keyboard sticks');
  const incident = await waitFor('assigned incident', () => db.incident.findFirst({ where: { requestId, status: 'ASSIGNED' } }), 30000);
  if (incident.assigneeId !== OLGA) await api('sergey', 'POST', `/api/incidents/${incident.id}/transitions`, { action: 'assign', assigneeId: OLGA });
  const olga = await db.employee.findUniqueOrThrow({ where: { id: OLGA } });
  const scheduleId = `daily-digest-${olga.timezone.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const date = localDate(new Date(), olga.timezone);

  const first = await runNow(scheduleId);
  expect(first.date).toBe(date);
  const key = `digest:${OLGA}:${date}`;
  const digest = await waitFor('the digest e-mail', async () => (await mails()).find((m) => m.key === key));
  expect(digest.to).toContain(olga.email);
  expect(digest.text).toContain('Digest test: keyboard sticks');

  const second = await runNow(scheduleId);
  expect(second).toEqual({ date, sent: 0 });
  expect((await mails()).filter((m) => m.key === key)).toHaveLength(1);
});

test('supervisors get the SLA summary of their department', async () => {
  const sergey = await db.employee.findUniqueOrThrow({ where: { id: SERGEY } });
  const result = await runNow(`sla-summary-${sergey.timezone.replace(/[^A-Za-z0-9_-]/g, '_')}`);
  const key = `sla-summary:${SERGEY}:${result.date}`;
  const summary = await waitFor('the SLA summary e-mail', async () => (await mails()).find((m) => m.key === key));
  const open = await db.incident.count({ where: { departmentId: { in: await departmentSubtree(db, 'it') }, status: { in: ['NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_FOR_CLIENT'] } } });
  expect(summary.subject).toContain('SLA');
  expect(summary.text).toMatch(new RegExp(`(Открыто|Open): ${open}\\b`));
});
