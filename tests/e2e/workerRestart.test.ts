// The worker process is killed (SIGKILL) while workflows are in flight and started again:
// every workflow completes, with one order and one set of notifications each.
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { openTemporal } from '../support/temporal';
import { killProcess, pidOf, startWorker, waitFor } from '../support/processes';

const db = openDb();
afterAll(() => db.$disconnect());

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('workflows survive a killed worker', async () => {
  const temporal = await openTemporal();
  const first = await fileRequest('olga', 'it-laptop', 'Before the crash');
  await waitFor('incident of the first request', () => db.incident.findUnique({ where: { requestId: first } }));

  const pid = pidOf('worker');
  killProcess('worker', 'SIGKILL');
  await waitFor('worker to die', async () => !alive(pid), 10000);

  // Filed while no worker runs: the workflow starts and waits for a worker.
  const second = await fileRequest('olga', 'it-network', 'During the crash');
  expect((await temporal.workflow.getHandle(second).describe()).status.name).toBe('RUNNING');
  expect(await db.incident.findUnique({ where: { requestId: second } })).toBeNull();

  await startWorker();
  const incidents = await Promise.all(
    [first, second].map((id) => waitFor(`incident of ${id}`, () => db.incident.findUnique({ where: { requestId: id } }), 60000)),
  );
  for (const incident of incidents) {
    const res = await api('olga', 'POST', `/api/incidents/${incident.id}/resolve`, { resolution: 'Fixed after restart' });
    expect(res.status).toBe(200);
  }
  for (const id of [first, second]) {
    const result = await temporal.workflow.getHandle(id).result();
    expect(result).toMatchObject({ phase: 'DONE', status: 'CLOSED' });
    expect(await db.externalOrder.count({ where: { requestId: id } })).toBe(1);
    expect(await db.notification.count({ where: { key: { startsWith: `closure:${id}:` } } })).toBe(2);
    expect((await db.serviceRequest.findUniqueOrThrow({ where: { id } })).status).toBe('CLOSED');
  }
  await temporal.connection.close();
});
