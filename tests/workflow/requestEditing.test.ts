// Admins correct a request before its incident exists (issue 17): edit its service, client or
// description, or delete it, both through the request's workflow. The order system is held down
// (a local HTTP order system on a queue of its own) so the request stays in intake meanwhile.
import { randomInt, randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { startOrderSystem, type OrderSystem } from '../support/orderSystem';
import { killProcess, waitFor } from '../support/processes';
import { startHttpOrdersWorker, startRequestOn } from '../support/httpOrders';
import { openTemporal } from '../support/temporal';
import { roomAtOlga } from '../support/agentRoom';
import { launchBrowser, newPage, screenshot, signIn } from '../support/browser';
import { letterMarker } from '../support/marker';

const QUEUE = 'incident-desk-request-editing';
const db = openDb();
roomAtOlga(db);
let orders: OrderSystem;
let temporal: Awaited<ReturnType<typeof openTemporal>>;

beforeAll(async () => {
  orders = await startOrderSystem();
  orders.failNextCreates = 1_000_000; // down until a test lets an order through
  temporal = await openTemporal();
  await startHttpOrdersWorker('worker-request-editing', QUEUE, orders.url);
});
afterAll(async () => {
  killProcess('worker-request-editing');
  await orders.close();
  await temporal.connection.close();
  await db.$disconnect();
});

/** A request as intake writes it, its workflow on this file's queue; returns once its order is being tried. */
async function requestInIntake(description: string): Promise<string> {
  const calls = orders.createCalls;
  const id = await startRequestOn(db, temporal, QUEUE, { description });
  await waitFor('an order attempt', async () => (orders.createCalls > calls ? true : null), 30000, 50);
  return id;
}

const etagOf = async (id: string) => (await api('admin', 'GET', `/api/requests/${id}`)).headers.get('etag')!;
const edit = (id: string, body: unknown, ifMatch?: string, as: Parameters<typeof api>[0] = 'admin') =>
  api(as, 'PATCH', `/api/requests/${id}`, body, ifMatch ? { 'If-Match': ifMatch } : {});

test('an admin edits service, client and description during intake; the workflow routes it again; stale and bad edits are refused', async () => {
  const id = await requestInIntake('Laptop, filed under the wrong service');
  const other = await db.client.findUniqueOrThrow({ where: { phone: '+79161234567' } });
  const tag = await etagOf(id);
  expect(tag).toMatch(/^"[0-9a-z]+"$/);

  // Out of scope or unknown: 404; staff who are not admins: 403.
  expect((await edit(id, { description: 'x' }, tag, 'ivan')).status).toBe(404);
  expect((await edit(randomUUID(), { description: 'x' })).status).toBe(404);
  expect((await edit(id, { description: 'x' }, tag, 'olga')).status).toBe(403);
  // Bad input names the field.
  for (const [body, field] of [
    [{}, 'description'],
    [{ serviceCode: 'no-such-service' }, 'serviceCode'],
    [{ clientPhone: '12345' }, 'clientPhone'],
    [{ clientPhone: '+79990000001' }, 'clientPhone'],
    [{ description: '   ' }, 'description'],
  ] as const) {
    const res = await edit(id, body, tag);
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(JSON.stringify(res.body.errors)).toContain(field);
  }
  // A stale version: 409, nothing written.
  expect((await edit(id, { description: 'stale' }, '"0"')).status).toBe(409);

  const res = await edit(id, { serviceCode: 'repair-printer', clientPhone: other.phone, description: '  Printer, not a laptop  ' }, tag);
  expect(res.status).toBe(200);
  expect(res.body.request).toMatchObject({
    service: { code: 'repair-printer' },
    client: { id: other.id },
    description: 'Printer, not a laptop',
    incident: null,
  });
  expect(res.headers.get('etag')).not.toBe(tag);
  // The version the first edit was made against is old now.
  expect((await edit(id, { description: 'lost update' }, tag)).status).toBe(409);
  expect((await db.serviceRequest.findUniqueOrThrow({ where: { id } })).description).toBe('Printer, not a laptop');
  const trail = await db.auditEntry.findMany({ where: { entityType: 'request', entityId: id, action: 'request.edited' } });
  expect(trail).toHaveLength(1);
  expect(trail[0]).toMatchObject({
    before: expect.objectContaining({ description: 'Laptop, filed under the wrong service' }),
    after: expect.objectContaining({ description: 'Printer, not a laptop' }),
  });

  // The order goes through: the incident opens where the new service is routed (the printer rule: repair).
  orders.failNextCreates = 0;
  try {
    const incident = await waitFor('incident', () => db.incident.findUnique({ where: { requestId: id }, include: { department: true } }), 60000);
    expect(incident.department.code).toBe('repair');
    // With an incident the request is no longer edited or deleted here.
    const late = await edit(id, { description: 'too late' }, await etagOf(id));
    expect(late.status).toBe(409);
    expect((await api('admin', 'DELETE', `/api/requests/${id}`)).status).toBe(409);
  } finally {
    orders.failNextCreates = 1_000_000;
  }
}, 120000);

test('an admin deletes a request during intake: its workflow closes it, then it is gone from every list; audit kept', async () => {
  const marker = letterMarker('DEL');
  const id = await requestInIntake(`${marker} filed by mistake`);
  expect((await api('olga', 'DELETE', `/api/requests/${id}`)).status).toBe(403);
  expect((await api('ivan', 'DELETE', `/api/requests/${id}`)).status).toBe(404);
  const res = await api('admin', 'DELETE', `/api/requests/${id}`);
  expect(res.status).toBe(204);
  const result = await temporal.workflow.getHandle(id).result();
  expect(result).toMatchObject({ phase: 'FAILED', closeReason: 'deleted by an administrator', incidentId: null });
  expect(await db.serviceRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'CLOSED', deletedAt: expect.any(Date) });
  expect((await api('admin', 'GET', `/api/requests/${id}`)).status).toBe(404);
  // The journal's search tolerates typos, so the marker may find other requests: this one is not among them.
  expect(((await api('admin', 'GET', `/api/requests?q=${marker}`)).body.items as { id: string }[]).map((r) => r.id)).not.toContain(id);
  expect((await api('admin', 'DELETE', `/api/requests/${id}`)).status).toBe(404);
  const trail = await db.auditEntry.findMany({ where: { entityType: 'request', entityId: id }, orderBy: { createdAt: 'asc' } });
  expect(trail.map((a) => a.action)).toEqual(['close', 'request.deleted']);
}, 120000);

test('in the journal an admin edits a request during intake and deletes another (Chromium, 360 px)', async () => {
  const marker = letterMarker('ED');
  const edited = await requestInIntake(`${marker} first text`);
  const deleted = await requestInIntake(`${marker} to delete`);
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser, { locale: 'en-GB', viewport: { width: 360, height: 800 } });
    await signIn(page, 'admin');
    await page.goto(`/journal?q=${marker}`);
    const row = page.locator(`[data-request-id="${edited}"]`);
    await row.getByTestId('edit-request').click();
    await row.getByTestId('edit-request-service').selectOption('repair-printer');
    await row.getByTestId('edit-request-description').fill(`${marker} printer after all`);
    await row.getByTestId('edit-request-save').click();
    await row.getByText(`${marker} printer after all`).waitFor();
    await screenshot(page, 'journal-request-edited-en');
    expect(await db.serviceRequest.findUniqueOrThrow({ where: { id: edited }, include: { service: true } })).toMatchObject({
      description: `${marker} printer after all`,
      service: { code: 'repair-printer' },
    });

    const gone = page.locator(`[data-request-id="${deleted}"]`);
    await gone.getByTestId('delete-request').click();
    await gone.getByTestId('delete-request-confirm').click();
    await gone.waitFor({ state: 'detached' });
    expect((await db.serviceRequest.findUniqueOrThrow({ where: { id: deleted } })).deletedAt).not.toBeNull();
  } finally {
    await browser.close();
  }
}, 120000);

test('the operator chooses the channel on the intake form', async () => {
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser, { locale: 'ru-RU' });
    // A new caller: no open request of theirs asks to confirm a duplicate first.
    const phone = `+7956${randomInt(1_000_000, 9_999_999)}`;
    expect((await api('elena', 'POST', '/api/clients', { name: `Channel ${phone}`, phones: [{ phone }] })).status).toBe(201);
    await signIn(page, 'elena');
    const description = `channel ${letterMarker()} e-mail from the client`;
    await page.getByTestId('intake-phone').fill(phone);
    await page.getByTestId('client-card').waitFor();
    await page.getByTestId('intake-service').selectOption('repair-printer');
    await page.getByTestId('intake-channel').selectOption('EMAIL');
    await page.getByTestId('intake-description').fill(description);
    await page.getByTestId('intake-submit').click();
    await page.getByTestId('intake-filed').waitFor();
    expect((await db.serviceRequest.findFirstOrThrow({ where: { description } })).channel).toBe('EMAIL');
  } finally {
    await browser.close();
  }
}, 120000);
