// A request recorded without its workflow (the API killed between the row and the start, or
// Temporal down at filing) is found by the worker's reconciler and started: none stays NEW.
import { randomUUID } from 'node:crypto';
import { openDb } from '../support/db';
import { testEnv } from '../support/env';
import { waitFor } from '../support/processes';
import { OLGA } from '../support/agentRoom';

const db = openDb();
afterAll(() => db.$disconnect());

const reconciled = async () => {
  const text = await (await fetch(`http://127.0.0.1:${testEnv.WORKER_METRICS_PORT}/metrics`)).text();
  return Number(/^incidentdesk_workflows_reconciled_total (\d+)/m.exec(text)?.[1] ?? 'NaN');
};

test('a request row whose workflow never started gets one from the reconciler, once, and the worker counts it', async () => {
  const before = await reconciled();
  const client = await db.client.findUniqueOrThrow({ where: { phone: '+74951230001' } });
  const service = await db.service.findUniqueOrThrow({ where: { code: 'it-network' } });
  // The row exactly as intake commits it, with no workflow started after it: what a crash
  // between the commit and the start leaves behind.
  const ids = [randomUUID(), randomUUID()];
  for (const id of ids) {
    await db.serviceRequest.create({
      data: { id, workflowId: id, clientId: client.id, serviceId: service.id, channel: 'PHONE', description: 'Filed just before a crash', createdById: OLGA },
    });
  }
  const incidents = await Promise.all(ids.map((id) => waitFor(`incident of ${id}`, () => db.incident.findUnique({ where: { requestId: id } }), 60000, 250)));
  expect(incidents.map((i) => i.requestId).sort()).toEqual([...ids].sort());
  for (const id of ids) expect((await db.serviceRequest.findUniqueOrThrow({ where: { id } })).status).toBe('IN_PROGRESS');
  // Later passes see the workflows running and start nothing again.
  expect(await reconciled()).toBeGreaterThanOrEqual(before + 2);
  expect(await db.externalOrder.count({ where: { requestId: { in: ids } } })).toBe(2);
});
