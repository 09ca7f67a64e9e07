// The HTTP order provider against a local order system: retries on 500s create one order,
// a permanent rejection closes the request with the reason, unlink cancels the order.
import { randomUUID } from 'node:crypto';
import { serviceRequestWorkflow } from '../../workflows/serviceRequest';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { testEnv } from '../support/env';
import { startOrderSystem, type OrderSystem } from '../support/orderSystem';
import { killProcess, startWorker, waitFor } from '../support/processes';
import { openTemporal } from '../support/temporal';
import { OLGA, roomAtOlga } from '../support/agentRoom';

const QUEUE = 'incident-desk-http-orders';
const db = openDb();
roomAtOlga(db);
let orders: OrderSystem;
let temporal: Awaited<ReturnType<typeof openTemporal>>;

beforeAll(async () => {
  orders = await startOrderSystem();
  temporal = await openTemporal();
  await startWorker('worker-http-orders', {
    ORDER_PROVIDER: 'http',
    ORDER_HTTP_URL: orders.url,
    TEMPORAL_TASK_QUEUE: QUEUE,
    WORKER_METRICS_PORT: String(Number(testEnv.WORKER_METRICS_PORT) + 1),
    TEMPORAL_SDK_METRICS_PORT: '', // the main worker holds the SDK metrics port
    SCHEDULES_ENABLED: 'false', // the digest schedules stay on the main queue
  });
});
afterAll(async () => {
  killProcess('worker-http-orders');
  await orders.close();
  await temporal.connection.close();
  await db.$disconnect();
});

/** A request row as intake writes it, and its workflow on the HTTP-orders task queue. */
async function startRequest(description: string): Promise<string> {
  const client = await db.client.findUniqueOrThrow({ where: { phone: '+74951230001' } });
  const service = await db.service.findUniqueOrThrow({ where: { code: 'it-laptop' } });
  const id = randomUUID();
  await db.serviceRequest.create({
    data: { id, workflowId: id, clientId: client.id, serviceId: service.id, channel: 'PHONE', description, createdById: OLGA },
  });
  await temporal.workflow.start(serviceRequestWorkflow, { workflowId: id, taskQueue: QUEUE, args: [{ requestId: id }] });
  return id;
}

test('500s from the order system are retried and end in exactly one order', async () => {
  orders.failNextCreates = 3;
  const calls = orders.createCalls;
  const id = await startRequest('Order system flaky');
  const incident = await waitFor('incident', () => db.incident.findUnique({ where: { requestId: id } }), 60000, 250);
  expect(orders.createCalls - calls).toBe(4);
  const created = orders.orders.get(id);
  expect(created?.requestId).toBe(id);
  expect(incident.orderId).toBe(created?.id);
  expect([...orders.orders.values()].filter((o) => o.requestId === id)).toHaveLength(1);
});

test('a permanent rejection closes the request with the reason and opens no incident', async () => {
  orders.rejectAll = true;
  try {
    const id = await startRequest('Order system says no');
    const result = await temporal.workflow.getHandle(id).result();
    expect(result.phase).toBe('FAILED');
    const request = await db.serviceRequest.findUniqueOrThrow({ where: { id } });
    expect(request.status).toBe('CLOSED');
    expect(request.closeReason).toMatch(/order could not be created.*422/);
    expect(await db.incident.findUnique({ where: { requestId: id } })).toBeNull();
  } finally {
    orders.rejectAll = false;
  }
});

test('unlinking the incident closes the request and cancels the order (compensation)', async () => {
  const id = await startRequest('Unlink me');
  const incident = await waitFor('incident', () => db.incident.findUnique({ where: { requestId: id } }), 30000);
  const res = await api('olga', 'POST', `/api/incidents/${incident.id}/transitions`, { action: 'unlink' });
  expect(res.status).toBe(200);
  expect(res.body.incident.unlinked).toBe(true);
  expect(orders.orders.get(id)?.status).toBe('CANCELLED');
  const request = await db.serviceRequest.findUniqueOrThrow({ where: { id } });
  expect(request.status).toBe('CLOSED');
  expect(request.closeReason).toContain('unlinked');
  // The incident itself goes on.
  expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe('ASSIGNED');
  const again = await api('olga', 'POST', `/api/incidents/${incident.id}/transitions`, { action: 'unlink' });
  expect(again.status).toBe(409);
});
