// Assets and their QR labels: admin CRUD, label images, token rotation, the public QR page,
// problem reports filed for the reporter and routed by the rules, and the routing preview.
import { randomUUID } from 'node:crypto';
import { api, tokenFor } from '../support/api';
import { APP_URL } from '../support/env';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';

const db = openDb();
afterAll(() => db.$disconnect());
const PRINTER = 'demo-printer-3rd-floor';
const PC = 'demo-meeting-room-301-pc';

const get = async (user: string, path: string) => fetch(`${APP_URL}${path}`, { headers: { authorization: `Bearer ${await tokenFor(user)}` } });

test('admins create assets with an unguessable token and download the label; others may not', async () => {
  const service = await db.service.findUniqueOrThrow({ where: { code: 'it-laptop' } });
  const body = { name: `Kiosk ${Date.now()}`, serviceClass: 'hardware', serviceType: 'computer', serviceId: service.id, location: 'Lobby', serial: 'K-1' };
  expect((await api('olga', 'POST', '/api/admin/assets', body)).status).toBe(403);
  const created = await api('admin', 'POST', '/api/admin/assets', body);
  expect(created.status).toBe(201);
  const asset = created.body.item;
  expect(asset.qrToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
  expect((await api('admin', 'POST', '/api/admin/assets', { ...body, serviceId: randomUUID() })).body.errors[0].field).toBe('serviceId');

  const png = await get('sergey', `/api/admin/assets/${asset.id}/qr.png`);
  expect(png.status).toBe(200);
  expect([...new Uint8Array(await png.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  const svg = await get('admin', `/api/admin/assets/${asset.id}/qr.svg`);
  expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  expect(await svg.text()).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  expect((await get('olga', `/api/admin/assets/${asset.id}/qr.png`)).status).toBe(403);

  // Rotating retires the printed label.
  expect((await api('maria', 'GET', `/api/qr/${asset.qrToken}`)).status).toBe(200);
  const rotated = await api('admin', 'POST', `/api/admin/assets/${asset.id}/rotate-token`);
  expect(rotated.body.url).toMatch(new RegExp(`/q/${rotated.body.qrToken}$`));
  expect((await api('maria', 'GET', `/api/qr/${asset.qrToken}`)).status).toBe(404);
  expect((await api('maria', 'GET', `/api/qr/${rotated.body.qrToken}`)).status).toBe(200);
  expect((await api('admin', 'DELETE', `/api/admin/assets/${asset.id}`)).status).toBe(204);
});

test('anyone signed in reports a problem from the QR page; the rules route it; a retry files once', async () => {
  const page = await api('maria', 'GET', `/api/qr/${PRINTER}`);
  expect(page.status).toBe(200);
  expect(page.body.asset).toMatchObject({ name: 'Принтер HP LaserJet M404', location: '3 этаж, у кухни' });
  expect(page.body.problemTypes.map((p: { code: string }) => p.code)).toEqual(['no-toner', 'not-printing', 'paper-jam']);

  const key = `qr-${randomUUID()}`;
  const filed = await api('maria', 'POST', `/api/qr/${PRINTER}/reports`, { problemType: 'paper-jam', comment: 'Лоток 2' }, { 'Idempotency-Key': key });
  expect(filed.status).toBe(201);
  const again = await api('maria', 'POST', `/api/qr/${PRINTER}/reports`, { problemType: 'paper-jam', comment: 'Лоток 2' }, { 'Idempotency-Key': key });
  expect(again.status).toBe(200);
  expect(again.body.request.id).toBe(filed.body.request.id);
  const request = await db.serviceRequest.findUniqueOrThrow({ where: { id: filed.body.request.id }, include: { client: true } });
  expect(request).toMatchObject({ channel: 'QR', problemType: 'paper-jam', createdById: '00000000-0000-4000-8000-000000000023' });
  expect(request.client.email).toBe('maria@demo.incident-desk.local'); // her own client record
  const incident = await waitFor('incident', () => db.incident.findFirst({ where: { requestId: request.id }, include: { department: true } }), 30000);
  expect(incident.department.code).toBe('repair'); // printers go to Repair by rule
  // The executor sees the device and the problem on the incident.
  const seen = await api('elena', 'GET', `/api/incidents/${incident.id}`);
  expect(seen.body.incident).toMatchObject({ problemType: 'paper-jam', asset: { name: 'Принтер HP LaserJet M404', location: '3 этаж, у кухни' } });

  // The page now lists the open ticket; the requester sees her request.
  const after = await api('ivan', 'GET', `/api/qr/${PRINTER}`);
  expect(after.body.open.map((o: { id: string }) => o.id)).toContain(request.id);
  expect(JSON.stringify(after.body)).not.toContain('Лоток 2'); // no one else's words on the public page
  expect((await api('maria', 'GET', `/api/requests/${request.id}`)).status).toBe(200);

  // A computer in the meeting room goes to IT; a problem type of another device is refused.
  const pc = await api('ivan', 'POST', `/api/qr/${PC}/reports`, { problemType: 'no-network' });
  expect(pc.status).toBe(201);
  const pcIncident = await waitFor('incident', () => db.incident.findFirst({ where: { requestId: pc.body.request.id }, include: { department: true } }), 30000);
  expect(pcIncident.department.code).toBe('it');
  const wrong = await api('ivan', 'POST', `/api/qr/${PC}/reports`, { problemType: 'paper-jam' });
  expect(wrong.status).toBe(400);
  expect(wrong.body.errors[0].field).toBe('problemType');
  expect((await api('ivan', 'POST', `/api/qr/${PC}/reports`, { problemType: 'slow', colour: 'red' })).status).toBe(400);
  expect((await api('ivan', 'GET', '/api/qr/not-a-real-token-at-all')).status).toBe(404);
});

test('routing rules: the preview names the winner; one default rule at most', async () => {
  const preview = await api('sergey', 'GET', '/api/admin/routing-rules/preview?serviceClass=hardware&serviceType=printer&problemType=paper-jam');
  expect(preview.body.department.code).toBe('repair');
  expect((await api('sergey', 'GET', '/api/admin/routing-rules/preview?serviceClass=software&serviceType=access')).body.rule).toBeNull();
  const it = (await db.department.findUniqueOrThrow({ where: { code: 'it' } })).id;
  const fallback = await api('admin', 'POST', '/api/admin/routing-rules', { departmentId: it, priority: -100 });
  expect(fallback.status).toBe(201);
  expect((await api('admin', 'POST', '/api/admin/routing-rules', { departmentId: it })).status).toBe(409);
  expect((await api('sergey', 'GET', '/api/admin/routing-rules/preview?serviceClass=software&serviceType=access')).body.department.code).toBe('it');
  expect((await api('sergey', 'POST', '/api/admin/routing-rules', { departmentId: it, serviceType: 'x' })).status).toBe(403);
  expect((await api('admin', 'DELETE', `/api/admin/routing-rules/${fallback.body.item.id}`)).status).toBe(204);
});
