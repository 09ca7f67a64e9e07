// The incident process through the API and the real workflow: transitions, illegal moves,
// SLA warning and breach with escalation, pauses, reopen window, auto-close.
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';
import { outboxDrained } from '../support/outbox';
import { openTemporal } from '../support/temporal';
import { stateQuery } from '../../workflows/serviceRequest';
import { OLGA, roomAtOlga } from '../support/agentRoom';

const db = openDb();
roomAtOlga(db);
afterAll(() => db.$disconnect());

async function openIncident(serviceCode = 'it-laptop', description = 'Process test') {
  const requestId = await fileRequest('olga', serviceCode, description);
  const incident = await waitFor('assigned incident', () => db.incident.findFirst({ where: { requestId, status: 'ASSIGNED' } }), 30000);
  return { requestId, incidentId: incident.id };
}
const move = (user: string, id: string, body: Record<string, unknown>) => api(user, 'POST', `/api/incidents/${id}/transitions`, body);

test('an agent walks the incident through the whole process; the client hears of each step', async () => {
  const { requestId, incidentId } = await openIncident();
  const incident = await db.incident.findUniqueOrThrow({ where: { id: incidentId } });
  expect(incident.assigneeId).toBe(OLGA); // the only agent of IT
  for (const [action, status] of [
    ['start', 'IN_PROGRESS'],
    ['waitForClient', 'WAITING_FOR_CLIENT'],
    ['resume', 'IN_PROGRESS'],
  ] as const) {
    const res = await move('olga', incidentId, { action });
    expect(res.status).toBe(200);
    expect(res.body.incident.status).toBe(status);
  }
  const resolved = await move('olga', incidentId, { action: 'resolve', comment: 'Reinstalled the driver' });
  expect(resolved.body.incident).toMatchObject({ status: 'RESOLVED', allowedActions: ['reopen', 'close'] });
  const reopened = await move('olga', incidentId, { action: 'reopen' });
  expect(reopened.body.incident.status).toBe('IN_PROGRESS');
  await move('olga', incidentId, { action: 'resolve', comment: 'Really fixed now' });

  // The reopen window of the test profile (3 s) elapses: the workflow closes everything.
  const temporal = await openTemporal();
  const result = await temporal.workflow.getHandle(requestId).result();
  expect(result).toMatchObject({ phase: 'DONE', status: 'CLOSED', reopenCount: 1 });
  const closed = await db.incident.findUniqueOrThrow({ where: { id: incidentId }, include: { transitions: { orderBy: { createdAt: 'asc' } } } });
  expect(closed.status).toBe('CLOSED');
  expect(closed.resolution).toBe('Really fixed now');
  expect(closed.transitions.map((t) => `${t.action}:${t.toStatus}`)).toEqual([
    'assign:ASSIGNED',
    'start:IN_PROGRESS',
    'waitForClient:WAITING_FOR_CLIENT',
    'resume:IN_PROGRESS',
    'resolve:RESOLVED',
    'reopen:IN_PROGRESS',
    'resolve:RESOLVED',
    'close:CLOSED',
  ]);
  const request = await db.serviceRequest.findUniqueOrThrow({ where: { id: requestId } });
  expect(request.status).toBe('CLOSED');
  expect((await db.externalOrder.findFirstOrThrow({ where: { requestId } })).status).toBe('CLOSED');
  // The closing messages are owed with the run's last step and sent by the notifier after it.
  await outboxDrained(db, incidentId, requestId);
  const templates = (await db.notification.findMany({ where: { incidentId } })).map((n) => n.template).sort();
  expect(templates.filter((t) => t === 'status').length).toBeGreaterThanOrEqual(8); // NEW + each status change
  expect(templates).toEqual(expect.arrayContaining(['assigned', 'closed', 'closed']));
  await temporal.connection.close();
});

test('an illegal transition is rejected with 409 and changes nothing', async () => {
  const { requestId, incidentId } = await openIncident();
  const res = await move('olga', incidentId, { action: 'resume' });
  expect(res.status).toBe(409);
  expect(res.contentType).toContain('application/problem+json');
  expect(res.body.detail).toContain('not allowed while the incident is ASSIGNED');
  const temporal = await openTemporal();
  expect((await temporal.workflow.getHandle(requestId).query(stateQuery)).status).toBe('ASSIGNED');
  expect(await db.incidentTransition.count({ where: { incidentId } })).toBe(1);
  await temporal.connection.close();
});

test('bad transition input names the field', async () => {
  const { incidentId } = await openIncident();
  const res = await move('olga', incidentId, { action: 'fly' });
  expect(res.status).toBe(400);
  expect(res.body.errors[0].field).toBe('action');
  const noComment = await move('olga', incidentId, { action: 'resolve' });
  expect(noComment.body.errors[0].field).toBe('comment');
  const wrongAgent = await move('sergey', incidentId, { action: 'assign', assigneeId: '00000000-0000-4000-8000-000000000022' });
  expect(wrongAgent.status).toBe(400);
  expect(wrongAgent.body.errors[0]).toMatchObject({ field: 'assigneeId', message: expect.stringContaining('department') });
  const agentAssignsOthers = await move('olga', incidentId, { action: 'assign', assigneeId: '00000000-0000-4000-8000-000000000011' });
  expect(agentAssignsOthers.status).toBe(403);
});

describe('SLA', () => {
  beforeAll(async () => {
    // A 24x7 contract with second-long targets on its own service.
    const week = Array.from({ length: 7 }, () => [[0, 1440]]);
    const calendar = await db.businessCalendar.upsert({
      where: { name: 'test 24x7' },
      create: { name: 'test 24x7', timezone: 'UTC', week, holidays: [] },
      update: {},
    });
    const it = await db.department.findUniqueOrThrow({ where: { code: 'it' } });
    await db.department.update({ where: { id: it.id }, data: { calendarId: calendar.id } });
    const contract = await db.slaContract.upsert({
      where: { name: 'test fast' },
      create: { name: 'test fast', reopenWindowSeconds: 3, targets: { P3: { response: 2, resolution: 4 }, P1: { response: 1, resolution: 2 } } },
      update: {},
    });
    await db.service.upsert({
      where: { code: 'test-fast' },
      create: { code: 'test-fast', name: 'Fast SLA test service', departmentId: it.id, slaContractId: contract.id, serviceClass: 'test', serviceType: 'fast' },
      update: {},
    });
  });

  test('warning at 75 %, breach at 100 %: flagged, evented, supervisor notified', async () => {
    const { incidentId } = await openIncident('test-fast', 'Nobody answers');
    const breached = await waitFor(
      'response and resolution breach',
      () => db.incident.findFirst({ where: { id: incidentId, responseBreached: true, resolutionBreached: true } }),
      20000,
    );
    expect(breached).toMatchObject({ responseWarned: true, resolutionWarned: true });
    const types = (await db.incidentEvent.findMany({ where: { incidentId, type: { startsWith: 'sla.' } } }))
      .map((e) => `${e.type}:${e.key.split(':').pop()}`)
      .sort();
    expect(types).toEqual(['sla.breach:resolution', 'sla.breach:response', 'sla.warning:resolution', 'sla.warning:response']);
    // The supervisor's e-mail goes out right after each event is recorded.
    const supervisorMail = await waitFor('four supervisor e-mails', async () => {
      const rows = await db.notification.findMany({ where: { incidentId, recipient: 'sergey@demo.incident-desk.local' } });
      return rows.length >= 4 ? rows : null;
    });
    expect(supervisorMail.map((n) => n.template).sort()).toEqual(['sla-breach', 'sla-breach', 'sla-warning', 'sla-warning']);
    const board = await api('sergey', 'GET', `/api/incidents/${incidentId}`);
    expect(board.body.incident.sla).toMatchObject({ responseBreached: true, resolutionBreached: true });
  });

  test('waiting for the client pauses the resolution clock', async () => {
    const { incidentId } = await openIncident('test-fast', 'Waiting a long time');
    await move('olga', incidentId, { action: 'start' });
    await move('olga', incidentId, { action: 'waitForClient' });
    await new Promise((r) => setTimeout(r, 5000)); // longer than the 4 s resolution target
    const paused = await db.incident.findUniqueOrThrow({ where: { id: incidentId } });
    expect(paused.resolutionBreached).toBe(false);
    expect(paused.responseBreached).toBe(false); // responded before the 2 s target
    await move('olga', incidentId, { action: 'resume' });
    await waitFor('resolution breach after resuming', () => db.incident.findFirst({ where: { id: incidentId, resolutionBreached: true } }), 15000);
  });

  test('raising the priority keeps the time already spent', async () => {
    const { requestId, incidentId } = await openIncident('test-fast', 'Escalate me');
    await move('olga', incidentId, { action: 'start' });
    const before = await db.incident.findUniqueOrThrow({ where: { id: incidentId } });
    await new Promise((r) => setTimeout(r, 300)); // part of the 4 s P3 target spent (well under the new 2 s)
    const res = await move('sergey', incidentId, { action: 'setPriority', priority: 'P1' }); // P1: 2 s
    expect(res.body.incident.priority).toBe('P1');
    const temporal = await openTemporal();
    const state = await temporal.workflow.getHandle(requestId).query(stateQuery);
    expect(state.resolution!.targetMs).toBe(2000);
    // The clock was not restarted: the new due time is the old one moved by the difference of
    // the targets (4 s - 2 s), not 2 s after the change. Workflow time, so load does not matter.
    const after = await db.incident.findUniqueOrThrow({ where: { id: incidentId } });
    expect(before.resolutionDueAt!.getTime() - after.resolutionDueAt!.getTime()).toBe(2000);
    await waitFor('breach', () => db.incident.findFirst({ where: { id: incidentId, resolutionBreached: true } }), 15000, 100);
    await temporal.connection.close();
  });
});
