// The assignee both ways through the person mapping (docs/sync.md, "Who owns each field"),
// against the real RT and Redmine of the test stack with the test worker running the sync:
// RT's Owner and Redmine's assignee become our incident's assignee, ours becomes theirs; a login
// with no person mapping is held with the reason and taken once mapped; nothing echoes back.
// Everything is the suite's own: an RT queue, a Redmine project and user, a department with one
// agent (off shift, so our automatic assignment never picks them and every assignment seen is
// the sync's or the test's).
import { randomUUID } from 'node:crypto';
import { api, fileRequest } from '../support/api';
import { letterMarker } from '../support/marker';
import { waitFor } from '../support/processes';
import { endOpenRuns, syncDepartment } from '../support/syncDepartment';
import { mapQueueAndProject, useSyncSuite, redmine, redmineRaw, rtOperator, rtRaw, rtSync, SETTLE_MS } from '../support/syncSystems';

const { db, prisma, keep, linkOf, linkedThere } = useSyncSuite();
const marker = letterMarker('asg', 8);
const department = keep(`${marker}-dep`);
afterAll(() => endOpenRuns(department)); // its agentless incidents' retries (tests/support/syncDepartment.ts)
const serviceCode = `${department}-svc`;
const rtQueue = keep(`${marker}-queue`);
const project = keep(marker);
const redmineLogin = keep(`${marker}-user`);
const agent = { id: randomUUID(), username: marker, email: `${marker}@staff.example` };

beforeAll(async () => {
  const departmentId = await syncDepartment(department, 'Sync assignee');
  await prisma.employee.create({
    data: { ...agent, fullName: 'Sync Assignee Agent', roles: ['agent'], departmentId, onShift: false },
  });
  // RT: a queue of the suite's own (its operator, a SuperUser, may own its tickets).
  await rtRaw('POST', 'queue', { Name: rtQueue });
  // Redmine: a project and a user who may be assigned in it (a member with the Developer role).
  await redmineRaw('POST', 'projects.json', { project: { name: project, identifier: project, is_public: false } });
  const user = (await redmineRaw('POST', 'users.json', {
    user: { login: redmineLogin, firstname: 'Sync', lastname: 'Assignee', mail: `${redmineLogin}@example.test`, password: randomUUID() },
  })) as { user: { id: number } };
  const roles = (await redmineRaw('GET', 'roles.json')) as { roles: { id: number; name: string }[] };
  const developer = roles.roles.find((r) => r.name === 'Developer')!;
  await redmineRaw('POST', `projects/${project}/memberships.json`, { membership: { user_id: user.user.id, role_ids: [developer.id] } });
  await mapQueueAndProject(db, rtQueue, project, department);
  for (const [system, remote] of [
    ['redmine', redmineLogin],
    ['rt', 'operator'],
  ] as const) {
    const mapped = await api('admin', 'PUT', '/api/admin/sync/mappings', { system, kind: 'person', remote: keep(remote), local: agent.username });
    expect(mapped.status).toBe(200);
  }
});

const incidentOf = (requestId: string) => prisma.incident.findUnique({ where: { requestId } });
const assignedEvents = (incidentId: string) => prisma.incidentEvent.findMany({ where: { incidentId, type: 'incident.assigned' }, orderBy: { busSeq: 'asc' } });

/** Our incident of a ticket there once it has this assignee. */
async function assignedHere(system: string, remoteId: string, assigneeId: string) {
  return waitFor(
    `${system} #${remoteId} assigned here`,
    async () => {
      const link = await linkOf(system, remoteId);
      const incident = link && (await incidentOf(link.requestId));
      return incident?.assigneeId === assigneeId ? incident : null;
    },
    SETTLE_MS,
    500,
  );
}

/** The sync's outbound pass has read the outbox past this position (every event up to it is done). */
const outboundPast = (system: string, busSeq: bigint) =>
  waitFor(
    `${system} outbound past ${busSeq}`,
    async () => {
      const c = await prisma.syncCursor.findUnique({ where: { system: `${system}:out` } });
      return c?.cursor !== undefined && c.cursor !== null && BigInt(c.cursor) >= busSeq;
    },
    SETTLE_MS,
    500,
  );

test('RT: an owner with no person mapping is held with the reason, the ticket filed; once mapped, our incident is assigned; nothing goes back', async () => {
  const made = await rtOperator.upsertTicket(null, {
    subject: `${marker} rt`,
    description: 'x',
    queue: rtQueue,
    priority: '50',
    status: 'new',
    assignee: 'root',
  });
  expect(made.assignee).toBe('root');
  const held = await waitFor(
    'the held owner on the status API',
    async () => {
      const res = await api('admin', 'GET', '/api/admin/sync/status');
      const rt = res.body.systems.find((s: { system: string }) => s.system === 'rt');
      return rt.lastHeld.find((h: { remoteId: string; kind: string }) => h.remoteId === made.remoteId && h.kind === 'person');
    },
    SETTLE_MS,
    500,
  );
  expect(held).toEqual({
    remoteId: made.remoteId,
    kind: 'person',
    value: 'root',
    reason: `rt person "root" has no mapping: the ticket's assignee waits for it`,
  });
  // The rest of the ticket was not held: it is filed, nobody assigned.
  const link = await waitFor('the ticket filed', () => linkOf('rt', made.remoteId), SETTLE_MS, 500);
  expect((await waitFor('its incident', () => incidentOf(link.requestId), SETTLE_MS, 500)).assigneeId).toBeNull();

  const mapped = await api('admin', 'PUT', '/api/admin/sync/mappings', { system: 'rt', kind: 'person', remote: keep('root'), local: agent.email });
  expect(mapped.status).toBe(200);
  const incident = await assignedHere('rt', made.remoteId, agent.id);
  const events = await assignedEvents(incident.id);
  expect(events.map((e) => e.actorId)).toEqual(['sync:rt']);
  // The sync's own assignment is not sent back: RT's owner and last writer stay the operator's.
  await outboundPast('rt', events[0]!.busSeq);
  const there = await rtSync.getTicket(made.remoteId);
  expect([there?.assignee, there?.updatedBy]).toEqual(['root', 'operator']);
  const after = await api('admin', 'GET', '/api/admin/sync/held');
  expect(after.body.items.filter((h: { remoteId: string; system: string }) => h.system === 'rt' && h.remoteId === made.remoteId)).toEqual([]);
});

test('Redmine: an issue made with an assignee is filed here and assigned to the mapped agent', async () => {
  const made = await redmine.upsertTicket(null, {
    subject: `${marker} rm`,
    description: 'y',
    queue: project,
    priority: 'Normal',
    status: 'New',
    assignee: redmineLogin,
  });
  expect(made.assignee).toBe(redmineLogin);
  const incident = await assignedHere('redmine', made.remoteId, agent.id);
  expect((await assignedEvents(incident.id)).map((e) => e.actorId)).toEqual(['sync:redmine']);
});

test('ours: an agent assigned here becomes the owner in RT and the assignee in Redmine, once, with no echo back', async () => {
  const requestId = await fileRequest('admin', serviceCode, `${marker} ours\nassign me`);
  const rtId = (await linkedThere('rt', requestId)).remoteId;
  const rmId = (await linkedThere('redmine', requestId)).remoteId;
  const incident = await waitFor('incident open', () => incidentOf(requestId), SETTLE_MS, 500);
  const res = await api('admin', 'POST', `/api/incidents/${incident.id}/transitions`, { action: 'assign', assigneeId: agent.id });
  expect(res.status).toBe(200);

  await waitFor('RT owner', async () => (await rtSync.getTicket(rtId))?.assignee === 'operator', SETTLE_MS, 1000);
  await waitFor('Redmine assignee', async () => (await redmine.getTicket(rmId))?.assignee === redmineLogin, SETTLE_MS, 1000);
  // Our write there came back to the inbound passes as an echo: once both cursors are past it,
  // our incident still has the one assignment, the admin's.
  for (const [system, remoteId] of [
    ['rt', rtId],
    ['redmine', rmId],
  ] as const) {
    const version = (await linkOf(system, remoteId))!.lastWritten!;
    await waitFor(
      `${system} inbound past ${version}`,
      async () => {
        const c = await prisma.syncCursor.findUnique({ where: { system } });
        return c?.cursor !== undefined && c.cursor !== null && c.cursor >= version;
      },
      SETTLE_MS,
      500,
    );
  }
  expect((await assignedEvents(incident.id)).map((e) => e.actorId)).toEqual([expect.not.stringMatching(/^sync:/)]);
  expect((await incidentOf(requestId))?.assigneeId).toBe(agent.id);
});
