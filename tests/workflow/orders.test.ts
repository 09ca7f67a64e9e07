// The HTTP order provider against a local order system: retries on 500s create one order,
// a permanent rejection closes the request with the reason, unlink cancels the order.
import { api } from '../support/api';
import { openDb } from '../support/db';
import { startOrderSystem, type OrderSystem } from '../support/orderSystem';
import { killProcess, waitFor } from '../support/processes';
import { startHttpOrdersWorker, startRequestOn } from '../support/httpOrders';
import { openTemporal } from '../support/temporal';
import { OLGA, roomAtOlga } from '../support/agentRoom';
import { launchBrowser, newPage, screenshot, signIn } from '../support/browser';
import { letterMarker } from '../support/marker';

const QUEUE = 'incident-desk-http-orders';
const db = openDb();
roomAtOlga(db);
let orders: OrderSystem;
let temporal: Awaited<ReturnType<typeof openTemporal>>;

beforeAll(async () => {
  orders = await startOrderSystem();
  temporal = await openTemporal();
  await startHttpOrdersWorker('worker-http-orders', QUEUE, orders.url);
});
afterAll(async () => {
  killProcess('worker-http-orders');
  await orders.close();
  await temporal.connection.close();
  await db.$disconnect();
});

/** A request row as intake writes it, and its workflow on the HTTP-orders task queue. */
const startRequest = (description: string) => startRequestOn(db, temporal, QUEUE, { description, createdById: OLGA });

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

test('when the last attempt to create the order timed out, the order it made meanwhile is cancelled by the request id', async () => {
  // Nine quick 500s, then a tenth attempt the order system carries out but answers after the
  // provider's 10 s limit: the request ends without an order of its own, and the order made
  // unseen is cancelled at the order system by its key. The backoff between the ten attempts
  // (1+2+4+8+16+30x4 s) is the workflow's own, so this waits about 2.8 minutes.
  orders.failNextCreates = 9;
  orders.createDelayMs = 12_000;
  try {
    const id = await startRequest('Order system slow to the end');
    const result = await temporal.workflow.getHandle(id).result();
    expect(result).toMatchObject({ phase: 'FAILED', orderId: null, incidentId: null });
    const request = await db.serviceRequest.findUniqueOrThrow({ where: { id } });
    expect(request).toMatchObject({ status: 'CLOSED', externalOrderId: null });
    expect(request.closeReason).toMatch(/order could not be created/);
    expect(orders.orders.get(id)).toMatchObject({ requestId: id, status: 'CANCELLED' });
    expect(await db.incident.findUnique({ where: { requestId: id } })).toBeNull();
  } finally {
    orders.failNextCreates = 0;
    orders.createDelayMs = 0;
  }
}, 300000);

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

describe('closing a request by hand before its incident is made', () => {
  const close = (id: string, body: unknown, as: Parameters<typeof api>[0] = 'olga') => api(as, 'POST', `/api/requests/${id}/close`, body);
  /** Starts a request and returns once the order system has been called for it. */
  const startWhileOrdering = async (description: string) => {
    const calls = orders.createCalls;
    const id = await startRequest(description);
    await waitFor('an order attempt', async () => (orders.createCalls > calls ? true : null), 30000, 50);
    return id;
  };

  test('while the order system is down: the request closes with the reason and who gave it, no incident, no order', async () => {
    orders.failNextCreates = 1_000_000;
    try {
      const id = await startWhileOrdering('Order system down, client gave up');
      // A reason is required, and nothing else is accepted.
      const missing = await close(id, {});
      expect(missing.status).toBe(400);
      expect(missing.contentType).toContain('application/problem+json');
      expect(JSON.stringify(missing.body)).toContain('reason');
      expect((await close(id, { reason: 'Client withdrew', extra: 1 })).status).toBe(400);
      // A requester may not close it (and cannot see it at all).
      expect((await close(id, { reason: 'Not mine' }, 'ivan')).status).toBe(404);

      const res = await close(id, { reason: '  Client withdrew: the order system is down  ' });
      expect(res.status).toBe(200);
      expect(res.body.request).toMatchObject({ status: 'CLOSED', closeReason: 'Client withdrew: the order system is down', incident: null });
      const result = await temporal.workflow.getHandle(id).result();
      expect(result).toMatchObject({
        phase: 'FAILED',
        closeReason: 'Client withdrew: the order system is down',
        closedBy: OLGA,
        incidentId: null,
        orderId: null,
      });
      expect(await db.incident.findUnique({ where: { requestId: id } })).toBeNull();
      expect([...orders.orders.values()].filter((o) => o.requestId === id)).toHaveLength(0);
      const trail = await db.auditEntry.findMany({ where: { entityType: 'request', entityId: id } });
      expect(trail).toEqual([expect.objectContaining({ actorId: OLGA, action: 'close', before: 'NEW', after: 'CLOSED' })]);
      // The client hears that it is closed, and why, once.
      const told = await waitFor('the client told why', () => db.notification.findUnique({ where: { key: `closure:${id}:client` } }), 30000);
      expect(told).toMatchObject({ template: 'withdrawn' });
      expect(told.body).toContain('Client withdrew: the order system is down');
      // Closed is closed: a second close is refused.
      expect((await close(id, { reason: 'Again' })).status).toBe(409);
    } finally {
      orders.failNextCreates = 0;
    }
  });

  test('an order created while the request was being closed is cancelled (compensation)', async () => {
    orders.createDelayMs = 3000;
    try {
      const id = await startWhileOrdering('Slow order system, closed meanwhile');
      const res = await close(id, { reason: 'Filed by mistake' });
      expect(res.status).toBe(200);
      expect(res.body.request.status).toBe('CLOSED');
      const created = orders.orders.get(id);
      expect(created?.status).toBe('CANCELLED');
      expect(await db.incident.findUnique({ where: { requestId: id } })).toBeNull();
      expect((await temporal.workflow.getHandle(id).result()).phase).toBe('FAILED');
    } finally {
      orders.createDelayMs = 0;
    }
  });

  test('an operator closes it from the journal in the browser, giving the reason', async () => {
    orders.failNextCreates = 1_000_000;
    const browser = await launchBrowser();
    try {
      const marker = letterMarker('CL');
      const id = await startWhileOrdering(`${marker} Принтер, заказ не создаётся`);
      const page = await newPage(browser, { locale: 'ru-RU' });
      await signIn(page, 'olga');
      await page.goto(`/journal?q=${marker}`);
      const row = page.locator(`[data-request-id="${id}"]`);
      await row.getByTestId('close-request').click();
      // The reason field has the focus: type and press Enter.
      await page.keyboard.type('Клиент отозвал заявку');
      await page.keyboard.press('Enter');
      await row.getByTestId('journal-status-cell').filter({ hasText: 'Закрыта' }).waitFor();
      await row.getByText('Клиент отозвал заявку').waitFor();
      expect(await row.getByTestId('close-request').count()).toBe(0);
      await screenshot(page, 'journal-closed-by-hand-ru');
      const request = await db.serviceRequest.findUniqueOrThrow({ where: { id } });
      expect(request).toMatchObject({ status: 'CLOSED', closeReason: 'Клиент отозвал заявку' });
    } finally {
      orders.failNextCreates = 0;
      await browser.close();
    }
  });

  test('a request with an incident is not closed by hand: the incident is unlinked instead', async () => {
    const id = await startRequest('Has an incident');
    await waitFor('incident', () => db.incident.findUnique({ where: { requestId: id } }), 30000);
    const res = await close(id, { reason: 'Trying anyway' });
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/unlink/);
    expect((await db.serviceRequest.findUniqueOrThrow({ where: { id } })).status).not.toBe('CLOSED');
  });
});
