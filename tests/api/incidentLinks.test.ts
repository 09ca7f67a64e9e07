// Links between incidents (issue 17), against the real stack: a mass incident whose resolution
// resolves its 20 children through their own workflows (each client told once), the intake's
// offer and link in one action; merging a duplicate with its history kept; "related to" in both
// directions; and attacks with foreign, closed, self and cyclic objects.
import { randomBytes } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';
import { roomAtOlga } from '../support/agentRoom';
import { letterMarker } from '../support/marker';
import { outboxDrained } from '../support/outbox';

const db = openDb();
roomAtOlga(db);
afterAll(async () => {
  await db.$disconnect();
});

const CHILDREN = 20;
/** A phone of nobody yet (7 random digits), so each child has its own client. */
const freshPhone = () => `+7916${(parseInt(randomBytes(4).toString('hex'), 16) % 10_000_000).toString().padStart(7, '0')}`;

/** Files a request for a new client of its own and waits for its incident. */
async function incidentFor(serviceCode: string, description: string, as = 'sergey'): Promise<{ id: string; requestId: string }> {
  const res = await api(as, 'POST', '/api/requests', {
    phone: freshPhone(),
    serviceCode,
    description,
    client: { name: `Client ${letterMarker('', 6)}`, email: `${letterMarker('links', 8)}@example.test` },
  });
  if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${JSON.stringify(res.body)}`);
  return incidentOfRequest(res.body.request.id);
}

async function incidentOfRequest(requestId: string): Promise<{ id: string; requestId: string }> {
  const incident = await waitFor('incident opened', () => db.incident.findFirst({ where: { requestId } }), 30000);
  return { id: incident.id, requestId };
}

const links = async (as: string, id: string) => (await api(as, 'GET', `/api/incidents/${id}/links`)).body.links;
const ids = (refs: { id: string }[]) => refs.map((r) => r.id).sort();

/** A 4xx problem+json naming the field. */
function expectProblem(res: { status: number; contentType: string; body: any }, status: number, field: string) {
  expect({ status: res.status, type: res.contentType.split(';')[0] }).toEqual({ status, type: 'application/problem+json' });
  expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
}

/** The status messages the client of an incident got for that status: the notification log's rows. */
const statusMessages = (incidentId: string, status: string) =>
  db.notificationAttempt.count({
    where: { incidentId, template: 'status', outcome: { in: ['sent', 'delivered'] }, key: { startsWith: `status:${incidentId}:`, endsWith: `:${status}` } },
  });

test('resolving a mass incident resolves its 20 children through their workflows, each client told once; the intake offers and links it', async () => {
  const parent = await incidentFor('it-network', 'The building lost its uplink');
  const children = [];
  for (let n = 0; n < CHILDREN; n++) children.push(await incidentFor('it-network', `No internet on floor ${n}`));

  // Not a mass incident yet: nothing to link to.
  expectProblem(await api('sergey', 'POST', `/api/incidents/${parent.id}/children`, { incidentIds: [children[0]!.id] }), 409, 'id');
  // Who may mark it: the staff who work it; a user never, another department learns nothing.
  expect((await api('ivan', 'PUT', `/api/incidents/${parent.id}/mass`, {})).status).toBe(403);
  expect((await api('elena', 'PUT', `/api/incidents/${parent.id}/mass`, {})).status).toBe(404);
  expect((await api('sergey', 'PUT', `/api/incidents/${parent.id}/mass`, {})).body.links).toMatchObject({ mass: true, childCount: 0 });

  // Bad links: itself, an incident of another department, a cycle.
  expectProblem(await api('sergey', 'POST', `/api/incidents/${parent.id}/children`, { incidentIds: [parent.id] }), 400, 'incidentIds[0]');
  const foreign = await incidentFor('repair-printer', 'The printer jams', 'elena');
  expectProblem(await api('sergey', 'POST', `/api/incidents/${parent.id}/children`, { incidentIds: [children[0]!.id, foreign.id] }), 404, 'incidentIds[1]');
  expect((await links('sergey', parent.id)).childCount).toBe(0); // all or none
  expect((await api('elena', 'POST', `/api/incidents/${foreign.id}/children`, { incidentIds: [parent.id] })).status).toBe(409); // not a mass incident
  expect((await api('ivan', 'POST', `/api/incidents/${parent.id}/children`, { incidentIds: [children[0]!.id] })).status).toBe(403);
  expectProblem(await api('sergey', 'POST', `/api/incidents/${parent.id}/children`, { incidentIds: 'all' }), 400, 'incidentIds');

  // The 20 at once.
  const linked = await api('sergey', 'POST', `/api/incidents/${parent.id}/children`, { incidentIds: children.map((c) => c.id) });
  expect(linked.status).toBe(200);
  expect(linked.body.links.childCount).toBe(CHILDREN);
  // Unlinked and linked again: the link is removable, and a link made twice stays one.
  const last = children[CHILDREN - 1]!;
  expect((await api('elena', 'DELETE', `/api/incidents/${parent.id}/children/${last.id}`)).status).toBe(404);
  expect((await api('sergey', 'DELETE', `/api/incidents/${parent.id}/children/${last.id}`)).status).toBe(204);
  expect((await links('sergey', last.id)).parent).toBeNull();
  expectProblem(await api('sergey', 'DELETE', `/api/incidents/${parent.id}/children/${last.id}`), 404, 'childId');
  for (let n = 0; n < 2; n++) await api('sergey', 'POST', `/api/incidents/${parent.id}/children`, { incidentIds: [last.id] });
  expect((await links('sergey', parent.id)).childCount).toBe(CHILDREN);
  // A child of it may itself be a mass incident; its parent may not become its child (a cycle).
  const first = children[0]!;
  await api('sergey', 'PUT', `/api/incidents/${first.id}/mass`, {});
  expectProblem(await api('sergey', 'POST', `/api/incidents/${first.id}/children`, { incidentIds: [parent.id] }), 400, 'incidentIds[0]');
  await api('sergey', 'DELETE', `/api/incidents/${first.id}/mass`);
  // The child shows its parent.
  expect((await links('sergey', first.id)).parent).toMatchObject({ id: parent.id });

  // Intake: a new request of the same service is offered the mass incident, and links in one action.
  const offered = await api('sergey', 'POST', '/api/requests', {
    phone: freshPhone(),
    serviceCode: 'it-network',
    description: 'Internet down here too',
    client: { name: 'Caller' },
  });
  expect(offered.status).toBe(201);
  expect(ids(offered.body.massIncidents)).toContain(parent.id);
  expect(ids((await api('sergey', 'GET', '/api/mass-incidents?serviceCode=it-network')).body.items)).toContain(parent.id);
  expect(ids((await api('sergey', 'GET', '/api/mass-incidents?serviceCode=it-laptop')).body.items)).not.toContain(parent.id);
  expect((await api('ivan', 'GET', '/api/mass-incidents?serviceCode=it-network')).status).toBe(403);
  const filedLinked = await api('sergey', 'POST', '/api/requests', {
    phone: freshPhone(),
    serviceCode: 'it-network',
    description: 'And here',
    client: { name: 'Caller two', email: `${letterMarker('links', 8)}@example.test` },
    massIncidentId: parent.id,
  });
  expect(filedLinked.status).toBe(201);
  const late = await incidentOfRequest(filedLinked.body.request.id);
  // A parent outside the operator's scope files nothing.
  const before = await db.serviceRequest.count();
  expectProblem(
    await api('elena', 'POST', '/api/requests', {
      phone: freshPhone(),
      serviceCode: 'repair-phone',
      description: 'x',
      client: { name: 'y' },
      massIncidentId: parent.id,
    }),
    404,
    'massIncidentId',
  );
  expect(await db.serviceRequest.count()).toBe(before);

  const all = [...children, late];
  const view = await links('sergey', parent.id);
  expect(view.childCount).toBe(CHILDREN + 1);
  expect(ids(view.children)).toEqual(ids(all));

  // Resolve the parent: every child resolves through its own workflow, in turn.
  expect((await api('sergey', 'POST', `/api/incidents/${parent.id}/resolve`, { resolution: 'Uplink restored by the provider' })).status).toBe(200);
  for (const child of all) {
    const resolved = await waitFor('child resolved', () => db.incident.findFirst({ where: { id: child.id, status: { in: ['RESOLVED', 'CLOSED'] } } }), 60000);
    expect(resolved.resolution).toBe('Uplink restored by the provider');
    const steps = await db.incidentTransition.findMany({ where: { incidentId: child.id, action: 'resolve' } });
    expect(steps).toHaveLength(1);
  }
  // Each client heard of the resolution once (the notification log), also if a signal came twice.
  // Its resolve step owes the message; once nothing owed about it is unsent, the count is final.
  for (const child of all) await outboxDrained(db, child.id, child.requestId);
  for (const child of all) expect(await statusMessages(child.id, 'RESOLVED')).toBe(1);
  // The parent's chain and children stay visible.
  expect((await links('sergey', parent.id)).childCount).toBe(CHILDREN + 1);
  // A resolved mass incident takes no new children.
  const another = await incidentFor('it-network', 'Later outage');
  expectProblem(await api('sergey', 'POST', `/api/incidents/${parent.id}/children`, { incidentIds: [another.id] }), 409, 'id');
}, 600000);

test('merging a duplicate closes it as "merged into #N" through its workflow, keeps its history and tells its client once', async () => {
  const survivor = await incidentFor('it-laptop', 'The laptop does not boot');
  const duplicate = await incidentFor('it-laptop', 'Laptop will not start');
  const note = `Tried safe mode ${letterMarker('', 6)}`;
  expect((await api('sergey', 'POST', `/api/incidents/${duplicate.id}/comments`, { body: note, public: true })).status).toBe(201);

  expectProblem(await api('sergey', 'POST', `/api/incidents/${duplicate.id}/merge`, { intoId: duplicate.id }), 400, 'intoId');
  expectProblem(await api('sergey', 'POST', `/api/incidents/${duplicate.id}/merge`, {}), 400, 'intoId');
  const foreign = await incidentFor('repair-phone', 'Cracked screen', 'elena');
  expectProblem(await api('sergey', 'POST', `/api/incidents/${duplicate.id}/merge`, { intoId: foreign.id }), 404, 'intoId');
  expect((await api('elena', 'POST', `/api/incidents/${duplicate.id}/merge`, { intoId: survivor.id })).status).toBe(404);
  expect((await api('ivan', 'POST', `/api/incidents/${duplicate.id}/merge`, { intoId: survivor.id })).status).toBe(403);

  const merged = await api('sergey', 'POST', `/api/incidents/${duplicate.id}/merge`, { intoId: survivor.id });
  expect(merged.status).toBe(200);
  expect(ids(merged.body.links.merged)).toEqual([duplicate.id]);
  const number = survivor.requestId.slice(0, 8).toUpperCase();
  const request = await waitFor('duplicate closed', () => db.serviceRequest.findFirst({ where: { id: duplicate.requestId, status: 'CLOSED' } }), 30000);
  expect(request.closeReason).toContain(`merged into #${number}`);
  expect(await db.incident.findUniqueOrThrow({ where: { id: duplicate.id } })).toMatchObject({ status: 'CANCELLED', mergedIntoId: survivor.id });
  expect((await links('sergey', duplicate.id)).mergedInto).toMatchObject({ id: survivor.id });
  // Its history stays: comments and timeline, read from the survivor's list of merged duplicates.
  const comments = await api('sergey', 'GET', `/api/incidents/${duplicate.id}/comments`);
  expect(comments.body.items.map((c: { body: string }) => c.body)).toContain(note);
  const timeline = (await api('sergey', 'GET', `/api/incidents/${survivor.id}/timeline`)).body.items.map((e: { title: string }) => e.title);
  expect(timeline).toContain('incident.duplicate_merged');
  // One message to its client, "merged into #N", instead of CANCELLED and a closing one (incidentMerge.test.ts).
  const mergedMessages = () =>
    db.notificationAttempt.count({ where: { incidentId: duplicate.id, template: 'merged', outcome: { in: ['sent', 'delivered'] } } });
  // Everything owed about the duplicate sent: a CANCELLED message would be on the log by now.
  await outboxDrained(db, duplicate.id, duplicate.requestId);
  expect(await mergedMessages()).toBe(1);
  expect(await statusMessages(duplicate.id, 'CANCELLED')).toBe(0);
  // A closed incident is not merged (again).
  expectProblem(await api('sergey', 'POST', `/api/incidents/${duplicate.id}/merge`, { intoId: survivor.id }), 409, 'id');
}, 180000);

test('"related to" shows in both directions, is audited in both timelines and removable', async () => {
  const one = await incidentFor('it-access', 'Cannot log in to mail');
  const two = await incidentFor('it-access', 'Password reset fails');
  expectProblem(await api('sergey', 'POST', `/api/incidents/${one.id}/related`, { incidentId: one.id }), 400, 'incidentId');
  const foreign = await incidentFor('repair-printer', 'Toner empty', 'elena');
  expectProblem(await api('sergey', 'POST', `/api/incidents/${one.id}/related`, { incidentId: foreign.id }), 404, 'incidentId');
  expect((await api('elena', 'POST', `/api/incidents/${foreign.id}/related`, { incidentId: one.id })).status).toBe(404);
  expect((await api('ivan', 'POST', `/api/incidents/${one.id}/related`, { incidentId: two.id })).status).toBe(403);

  expect((await api('sergey', 'POST', `/api/incidents/${one.id}/related`, { incidentId: two.id })).status).toBe(200);
  expect(ids((await links('sergey', one.id)).related)).toEqual([two.id]);
  expect(ids((await links('sergey', two.id)).related)).toEqual([one.id]);
  for (const i of [one, two]) {
    const titles = (await api('sergey', 'GET', `/api/incidents/${i.id}/timeline`)).body.items.map((e: { title: string }) => e.title);
    expect(titles).toContain('incident.related');
  }
  expect((await api('sergey', 'DELETE', `/api/incidents/${two.id}/related/${one.id}`)).status).toBe(204);
  expect((await links('sergey', one.id)).related).toEqual([]);
  expect((await links('sergey', two.id)).related).toEqual([]);
  expectProblem(await api('sergey', 'DELETE', `/api/incidents/${two.id}/related/${one.id}`), 404, 'relatedId');
}, 180000);
