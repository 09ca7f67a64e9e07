// The outbox rows written in one SQL statement (domain/events.ts, and the transition statement
// of domain/lifecycle.ts) against the rule they implement, restated here in TypeScript: every
// dimension and timing is read from the request and incident rows as they are at that moment,
// what the caller passes wins, the key makes a retry a no-op. Rows of a department of the
// test's own, written without a workflow, so no other suite's figures include them.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Incident, IncidentEvent, ServiceRequest } from '../../generated/prisma/client';
import { recordEvent, type EventInput } from '../../domain/shared/events';
import { Lifecycle } from '../../domain/lifecycle/lifecycle';
import { LogChannel } from '../../domain/notifications/notifier';
import { BuiltinOrderProvider } from '../../domain/adapters/orders';
import { openDatabase, openDb } from '../support/db';
import { testEnv } from '../support/env';

const db = openDb();
const app = openDatabase();
const lifecycle = new Lifecycle(app, new BuiltinOrderProvider(app), new LogChannel());
let departmentId: string;
let serviceId: string;
let clientId: string;

beforeAll(async () => {
  const tag = randomUUID().slice(0, 8);
  const department = await db.department.create({ data: { code: `outbox-${tag}`, name: `Outbox test ${tag}` } });
  departmentId = department.id;
  serviceId = (
    await db.service.create({ data: { code: `outbox-${tag}`, name: 'Outbox test', serviceClass: 'outbox-class', serviceType: 'outbox-type', departmentId } })
  ).id;
  clientId = (await db.client.findUniqueOrThrow({ where: { phone: '+74951230001' } })).id;
});
afterAll(() => Promise.all([db.$disconnect(), app.destroy()]));

/** A request filed 90.4 s ago, and when asked its incident (opened 30 s later, resolved, breached). */
interface Rows {
  request: ServiceRequest;
  incident: Incident | null;
}

async function rows(withIncident: boolean): Promise<Rows> {
  const filed = new Date(Date.now() - 90_400);
  const request = await db.serviceRequest.create({
    data: {
      clientId,
      serviceId,
      channel: 'TELEGRAM',
      description: 'Outbox test',
      problemType: 'no-power',
      priority: 'P2',
      status: 'IN_PROGRESS',
      closeReason: 'pending',
      createdAt: filed,
    },
  });
  if (!withIncident) return { request, incident: null };
  const incident = await db.incident.create({
    data: {
      requestId: request.id,
      title: 'Outbox test',
      departmentId,
      serviceId,
      priority: 'P1',
      status: 'RESOLVED',
      assigneeId: 'agent-x',
      createdAt: new Date(filed.getTime() + 30_000),
      responseDueAt: new Date(filed.getTime() + 30_000 + 15 * 60_000 + 499),
      resolutionDueAt: new Date(filed.getTime() + 30_000 + 4 * 3600_000 + 500),
      resolvedAt: new Date(filed.getTime() + 61_500),
      resolutionBreached: true,
      updatedAt: filed,
    },
  });
  await db.serviceRequest.update({ where: { id: request.id }, data: { incidentId: incident.id } });
  return { request: { ...request, incidentId: incident.id }, incident };
}

const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

/** The rule, in TypeScript: what the event row must hold. */
function expected(e: EventInput, { request, incident }: Rows, occurredAt: Date): Partial<IncidentEvent> {
  const slaDueAt = e.slaClock && incident ? (e.slaClock === 'response' ? incident.responseDueAt : incident.resolutionDueAt) : null;
  return {
    key: [e.type, request.id, e.discriminator].filter(Boolean).join(':'),
    type: e.type,
    requestId: request.id,
    incidentId: e.incidentId ?? request.incidentId ?? null,
    departmentId: e.departmentId ?? incident?.departmentId ?? departmentId,
    serviceId: e.serviceId ?? request.serviceId,
    channel: e.channel ?? request.channel,
    actorId: e.actorId ?? null,
    clientId: request.clientId,
    priority: incident?.priority ?? request.priority,
    assigneeId: incident?.assigneeId ?? null,
    serviceClass: 'outbox-class',
    serviceType: 'outbox-type',
    problemType: request.problemType,
    secondsSinceFiled: seconds(request.createdAt, occurredAt),
    status: incident?.status ?? request.status,
    closeReason: request.closeReason,
    resolutionSeconds: incident?.resolvedAt ? seconds(request.createdAt, incident.resolvedAt) : null,
    slaClock: e.slaClock ?? null,
    slaDueAt,
    slaTargetSeconds: slaDueAt && incident ? seconds(incident.createdAt, slaDueAt) : null,
    slaBreached: incident ? incident.responseBreached || incident.resolutionBreached : null,
    score: e.score ?? null,
  };
}

const eventsOf = (requestId: string) => db.incidentEvent.findMany({ where: { requestId }, orderBy: { occurredAt: 'asc' } });

test.each<[string, boolean, (r: Rows) => Omit<EventInput, 'requestId'>]>([
  ['a request without an incident', false, () => ({ type: 'request.filed' })],
  ['the incident found through its request', true, () => ({ type: 'order.closed' })],
  [
    'the incident named, with actor and discriminator',
    true,
    (r) => ({ type: 'comment.added', incidentId: r.incident!.id, actorId: 'olga', discriminator: 'c-1' }),
  ],
  ['the response clock', true, (r) => ({ type: 'sla.warning', incidentId: r.incident!.id, discriminator: 'response', slaClock: 'response' })],
  ['a survey answer with its score', true, () => ({ type: 'survey.answered', score: 2 })],
  ['the resolution clock', true, (r) => ({ type: 'sla.breach', incidentId: r.incident!.id, discriminator: 'resolution', slaClock: 'resolution' })],
  [
    "the caller's department, service and channel win",
    true,
    () => ({ type: 'request.closed', departmentId: randomUUID(), serviceId: randomUUID(), channel: 'QR' }),
  ],
])('%s: the row holds what the rows said at that moment', async (_name, withIncident, input) => {
  const r = await rows(withIncident);
  const e: EventInput = { ...input(r), requestId: r.request.id };
  const before = Date.now();
  await recordEvent(app, e);
  await recordEvent(app, e); // a retried attempt
  const after = Date.now();
  const [row, ...more] = await eventsOf(r.request.id);
  expect(more).toHaveLength(0);
  expect(row!.occurredAt.getTime()).toBeGreaterThanOrEqual(before);
  expect(row!.occurredAt.getTime()).toBeLessThanOrEqual(after);
  expect(row).toMatchObject(expected(e, r, row!.occurredAt));
});

test('an event of an unknown request is still kept, with what the caller gave', async () => {
  const requestId = randomUUID();
  await recordEvent(app, { type: 'order.failed', requestId, channel: 'SMS', discriminator: 'x' });
  expect(await eventsOf(requestId)).toEqual([
    expect.objectContaining({
      key: `order.failed:${requestId}:x`,
      channel: 'SMS',
      incidentId: null,
      clientId: null,
      priority: null,
      secondsSinceFiled: null,
      status: null,
    }),
  ]);
});

test("an event named by its incident alone is of the incident's request; of a missing incident, none", async () => {
  const r = await rows(true);
  const e: EventInput = { type: 'notification.sent', requestId: null, incidentId: r.incident!.id, discriminator: 'status:1' };
  await recordEvent(app, e);
  const [row, ...more] = await eventsOf(r.request.id);
  expect(more).toHaveLength(0);
  expect(row).toMatchObject(expected(e, r, row!.occurredAt));
  const missing = randomUUID();
  await recordEvent(app, { type: 'notification.sent', requestId: null, incidentId: missing, discriminator: 'status:1' });
  expect(await db.incidentEvent.count({ where: { incidentId: missing } })).toBe(0);
});

test('inside a transaction the event sees its uncommitted change, and a rollback takes it back', async () => {
  const r = await rows(true);
  await app.transaction().execute(async (tx) => {
    await tx.updateTable('Incident').set({ status: 'CLOSED', assigneeId: 'agent-y' }).where('id', '=', r.incident!.id).execute();
    await recordEvent(tx, { type: 'incident.closed', requestId: r.request.id, incidentId: r.incident!.id });
  });
  expect(await eventsOf(r.request.id)).toEqual([expect.objectContaining({ type: 'incident.closed', status: 'CLOSED', assigneeId: 'agent-y' })]);
  await expect(
    app.transaction().execute(async (tx) => {
      await recordEvent(tx, { type: 'order.closed', requestId: r.request.id });
      throw new Error('rolled back');
    }),
  ).rejects.toThrow('rolled back');
  expect((await eventsOf(r.request.id)).map((e) => e.type)).toEqual(['incident.closed']);
});

test("an incident's event tells open boards, once it is committed", async () => {
  const r = await rows(true);
  const listener = new pg.Client({ connectionString: testEnv.DATABASE_URL });
  await listener.connect();
  try {
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    await listener.query('LISTEN incident_changes');
    await recordEvent(app, { type: 'comment.added', requestId: r.request.id, incidentId: r.incident!.id, discriminator: 'n' });
    await recordEvent(app, { type: 'request.filed', requestId: r.request.id }); // no incident named: no word
    await listener.query('SELECT 1'); // notifications sent before this round trip have arrived
    expect(heard.filter((p) => p === r.incident!.id)).toHaveLength(1);
  } finally {
    await listener.end();
  }
});

describe('a transition recorded in one statement', () => {
  const record = (r: Rows, over: Partial<Parameters<Lifecycle['recordTransition']>[0]> = {}) =>
    lifecycle.recordTransition({
      key: `${r.incident!.id}:1:assign`,
      incidentId: r.incident!.id,
      action: 'assign',
      from: 'NEW',
      to: 'ASSIGNED',
      actorId: 'sergey',
      priority: 'P3',
      assigneeId: 'agent-z',
      responseDueAt: 1_900_000_000_000,
      resolutionDueAt: 1_900_000_360_000,
      resolvedAt: null,
      reopenCount: 0,
      detail: { previous: null },
      ...over,
    });

  test('moves the incident, writes the timeline row and the event from the moved row; a retry changes nothing', async () => {
    const r = await rows(true);
    await record(r);
    const incident = await db.incident.findUniqueOrThrow({ where: { id: r.incident!.id }, include: { request: true, transitions: true } });
    expect(incident).toMatchObject({ status: 'ASSIGNED', priority: 'P3', assigneeId: 'agent-z', resolvedAt: null, reopenCount: 0 });
    expect(incident.responseDueAt?.getTime()).toBe(1_900_000_000_000);
    expect(incident.resolutionDueAt?.getTime()).toBe(1_900_000_360_000);
    expect(incident.updatedAt.getTime()).toBeGreaterThan(r.incident!.updatedAt.getTime());
    expect(incident.request.assigneeId).toBe('agent-z');
    expect(incident.transitions).toEqual([
      expect.objectContaining({
        key: `${r.incident!.id}:1:assign`,
        action: 'assign',
        fromStatus: 'NEW',
        toStatus: 'ASSIGNED',
        actorId: 'sergey',
        detail: { previous: null },
      }),
    ]);
    const [event, ...more] = await eventsOf(r.request.id);
    expect(more).toHaveLength(0);
    const { request, transitions, ...moved } = incident;
    expect(transitions).toHaveLength(1);
    const now = { request, incident: moved };
    const input: EventInput = {
      type: 'incident.assigned',
      requestId: r.request.id,
      incidentId: r.incident!.id,
      departmentId,
      serviceId,
      channel: 'TELEGRAM',
      actorId: 'sergey',
      discriminator: `${r.incident!.id}:1:assign`,
    };
    expect(event).toMatchObject(expected(input, now, event!.occurredAt));

    await record(r, { to: 'IN_PROGRESS', priority: 'P4' }); // the same key again
    expect(await db.incident.findUniqueOrThrow({ where: { id: r.incident!.id } })).toMatchObject({ status: 'ASSIGNED', priority: 'P3' });
    expect(await eventsOf(r.request.id)).toHaveLength(1);
  });

  test('start stamps the first response; resolve keeps who resolved and the comment; other moves leave the request alone', async () => {
    const r = await rows(true);
    await record(r, { key: 'k-start', action: 'start', from: 'ASSIGNED', to: 'IN_PROGRESS', assigneeId: 'agent-x' });
    const started = await db.incident.findUniqueOrThrow({ where: { id: r.incident!.id }, include: { request: true } });
    expect(started.firstResponseAt).not.toBeNull();
    expect(started.request.assigneeId).toBeNull();
    await record(r, {
      key: 'k-resolve',
      action: 'resolve',
      from: 'IN_PROGRESS',
      to: 'RESOLVED',
      assigneeId: 'agent-x',
      resolvedAt: 1_800_000_000_000,
      detail: { comment: 'Replaced the cable' },
    });
    const resolved = await db.incident.findUniqueOrThrow({ where: { id: r.incident!.id } });
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolvedById: 'sergey', resolution: 'Replaced the cable' });
    expect(resolved.resolvedAt?.getTime()).toBe(1_800_000_000_000);
    expect(resolved.firstResponseAt).toEqual(started.firstResponseAt);
    await record(r, { key: 'k-reopen', action: 'reopen', from: 'RESOLVED', to: 'IN_PROGRESS', assigneeId: 'agent-x', reopenCount: 1, detail: {} });
    expect(await db.incident.findUniqueOrThrow({ where: { id: r.incident!.id } })).toMatchObject({
      status: 'IN_PROGRESS',
      resolution: 'Replaced the cable',
      reopenCount: 1,
      resolvedAt: null,
    });
    const statusAfter = Object.fromEntries((await eventsOf(r.request.id)).map((e) => [e.key.split(':').pop(), [e.type, e.status]]));
    expect(statusAfter).toEqual({
      'k-start': ['incident.state_changed', 'IN_PROGRESS'],
      'k-resolve': ['incident.state_changed', 'RESOLVED'],
      'k-reopen': ['incident.state_changed', 'IN_PROGRESS'],
    });
  });
});
