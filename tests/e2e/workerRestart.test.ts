// Durability: the worker is killed (SIGKILL) with 50 workflows in flight, and the Temporal
// server is restarted; every workflow completes, with one order and no duplicate notification.
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { openTemporal } from '../support/temporal';
import { outboxDrained } from '../support/outbox';
import { killProcess, pidOf, stack, startWorker, waitFor, alive } from '../support/processes';

const db = openDb();
afterAll(() => db.$disconnect());

async function resolveAll(requestIds: string[]) {
  // The one IT agent has a capacity of 10, so most incidents wait unassigned (NEW): resolvable too.
  const incidents = await Promise.all(
    requestIds.map((id) => waitFor(`incident of ${id}`, () => db.incident.findUnique({ where: { requestId: id } }), 120000, 500)),
  );
  for (let i = 0; i < incidents.length; i += 10) {
    const batch = incidents.slice(i, i + 10);
    const results = await Promise.all(batch.map((incident) => resolveAsAClientDoes(incident.id)));
    expect(results).toEqual(batch.map(() => 'resolved'));
  }
}

/**
 * One resolve as a real client makes it: while the restarted worker is not yet taking updates,
 * the API answers 503 with Retry-After (workflows/client.ts, after 3 sends of the same update
 * id); the client waits that long and asks again. A retry may find its earlier attempt applied
 * after all (an update whose answer timed out): then the incident is resolved and the second
 * resolve is a 409, which is that same outcome.
 */
async function resolveAsAClientDoes(incidentId: string): Promise<string> {
  let refused = false;
  for (let attempt = 1; attempt <= 6; attempt++) {
    const res = await api('olga', 'POST', `/api/incidents/${incidentId}/resolve`, { resolution: 'Fixed after the crash' });
    if (res.status === 200) return 'resolved';
    if (res.status === 409 && refused) {
      const incident = await db.incident.findUniqueOrThrow({ where: { id: incidentId } });
      return ['RESOLVED', 'CLOSED'].includes(incident.status) ? 'resolved' : `409 while ${incident.status}`;
    }
    if (res.status !== 503) return `${res.status} ${JSON.stringify(res.body)}`;
    refused = true;
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 10) * 1000));
  }
  return '503 six times';
}

async function expectCompletedOnce(requestIds: string[]) {
  const temporal = await openTemporal();
  for (const id of requestIds) {
    expect(await temporal.workflow.getHandle(id).result()).toMatchObject({ phase: 'DONE', status: 'CLOSED' });
    expect(await db.externalOrder.count({ where: { requestId: id } })).toBe(1);
    const incident = await db.incident.findUniqueOrThrow({ where: { requestId: id }, include: { transitions: true } });
    // A run ends once its messages are owed ("lean-process"): the notifier sends them after it.
    await outboxDrained(db, incident.id, id);
    const notes = await db.notification.findMany({ where: { incidentId: incident.id } });
    expect(notes.filter((n) => n.template === 'closed')).toHaveLength(2);
    // One status message for NEW and one per transition that changed the status.
    expect(notes.filter((n) => n.template === 'status')).toHaveLength(1 + incident.transitions.filter((t) => t.fromStatus !== t.toStatus).length);
    expect((await db.serviceRequest.findUniqueOrThrow({ where: { id } })).status).toBe('CLOSED');
  }
  await temporal.connection.close();
}

test('50 workflows in flight survive a killed worker', async () => {
  const filing = Array.from({ length: 50 }, (_, i) => fileRequest('olga', 'it-network', `In flight ${i}`));
  // Kill the worker while the requests are still being filed and processed.
  await waitFor('some incidents', async () => (await db.incident.count({ where: { title: { contains: 'In flight' } } })) > 5, 60000, 50);
  const pid = pidOf('worker');
  killProcess('worker', 'SIGKILL');
  await waitFor('worker to die', async () => !alive(pid), 10000);
  const ids = await Promise.all(filing);
  expect(await db.incident.count({ where: { requestId: { in: ids } } })).toBeLessThan(50);

  await startWorker();
  await resolveAll(ids);
  await expectCompletedOnce(ids);
}, 300000);

test('workflows continue after the Temporal server restarts from its file store', async () => {
  const ids = await Promise.all([1, 2, 3].map((i) => fileRequest('olga', 'it-access', `Across a Temporal restart ${i}`)));
  await Promise.all(ids.map((id) => waitFor('incident', () => db.incident.findUnique({ where: { requestId: id } }), 120000)));
  stack('stop', 'temporal');
  stack('start', 'temporal');
  await resolveAll(ids);
  await expectCompletedOnce(ids);
}, 300000);
