// POST /api/requests against the running app: validation, idempotency, roles.
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';

const db = openDb();
afterAll(() => db.$disconnect());

describe('POST /api/requests', () => {
  test('malformed body gets 400 problem+json naming each field, and nothing is stored', async () => {
    const before = await db.serviceRequest.count();
    const res = await api('olga', 'POST', '/api/requests', { phone: '8-495-123', serviceCode: 'it-laptop', description: '   ', colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['colour', 'description', 'phone']);
    expect(await db.serviceRequest.count()).toBe(before);
  });

  test('invalid JSON gets 400 problem+json', async () => {
    const res = await api('olga', 'POST', '/api/requests', '{"phone": ');
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.errors[0].field).toBe('(body)');
  });

  test('unknown service and unknown client name the field', async () => {
    const svc = await api('olga', 'POST', '/api/requests', { phone: '+74951230001', serviceCode: 'no-such', description: 'x' });
    expect(svc.status).toBe(400);
    expect(svc.body.errors).toEqual([{ field: 'serviceCode', message: expect.stringContaining('no-such') }]);
    const client = await api('olga', 'POST', '/api/requests', { phone: '+79990001122', serviceCode: 'it-laptop', description: 'x' });
    expect(client.status).toBe(400);
    expect(client.body.errors[0].field).toBe('phone');
  });

  test('an unknown caller is created inline when the operator names them', async () => {
    const phone = `+7999${String(Date.now()).slice(-7)}`;
    const res = await api('olga', 'POST', '/api/requests', { phone, serviceCode: 'it-network', description: 'No Wi-Fi', client: { name: 'Пётр Новиков' } });
    expect(res.status).toBe(201);
    expect((await db.client.findUnique({ where: { phone } }))?.name).toBe('Пётр Новиков');
  });

  test('the same Idempotency-Key returns the same request and starts one workflow', async () => {
    const key = `idem-${Date.now()}`;
    const body = { phone: '+74951230001', serviceCode: 'it-access', description: 'Need VPN access' };
    const [a, b] = await Promise.all([
      api('olga', 'POST', '/api/requests', body, { 'Idempotency-Key': key }),
      api('olga', 'POST', '/api/requests', body, { 'Idempotency-Key': key }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.request.id).toBe(b.body.request.id);
    expect(await db.serviceRequest.count({ where: { idempotencyKey: key } })).toBe(1);
    await waitFor('incident', () => db.incident.findUnique({ where: { requestId: a.body.request.id } }));
    expect(await db.externalOrder.count({ where: { requestId: a.body.request.id } })).toBe(1);

    const reused = await api('olga', 'POST', '/api/requests', { ...body, description: 'Something else' }, { 'Idempotency-Key': key });
    expect(reused.status).toBe(409);
  });

  test("a client's second phone finds them, and repeats their request under its key; a stranger's phone does not", async () => {
    const tag = Date.now().toString().slice(-7);
    const [first, second] = [`+7916${tag}`, `+7917${tag}`];
    const client = await api('olga', 'POST', '/api/clients', { name: `Two phones ${tag}`, phones: [{ phone: first }, { phone: second }] });
    expect(client.status).toBe(201);
    const key = `idem-phones-${tag}`;
    const body = { phone: second, serviceCode: 'it-access', description: 'Filed from the second phone' };
    const filed = await api('olga', 'POST', '/api/requests', body, { 'Idempotency-Key': key });
    expect(filed.status).toBe(201);
    expect(filed.body.request.clientId).toBe(client.body.client.id);
    const fromFirst = await api('olga', 'POST', '/api/requests', { ...body, phone: first }, { 'Idempotency-Key': key });
    expect(fromFirst.status).toBe(200);
    expect(fromFirst.body.request.id).toBe(filed.body.request.id);
    const stranger = await api('olga', 'POST', '/api/requests', { ...body, phone: '+74951230001' }, { 'Idempotency-Key': key });
    expect(stranger.status).toBe(409);
    expect(stranger.contentType).toContain('application/problem+json');
  });

  test('a requester without an operator role cannot file for clients (403)', async () => {
    const res = await api('ivan', 'POST', '/api/requests', { phone: '+74951230001', serviceCode: 'it-laptop', description: 'x' });
    expect(res.status).toBe(403);
    expect(res.contentType).toContain('application/problem+json');
  });

  test('no credentials: 401', async () => {
    const res = await api(null, 'POST', '/api/requests', { phone: '+74951230001', serviceCode: 'it-laptop', description: 'x' });
    expect(res.status).toBe(401);
  });

  test('a forged bearer token: 401', async () => {
    const res = await api(null, 'GET', '/api/incidents', undefined, { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' });
    expect(res.status).toBe(401);
  });

  test('filing as a Repair operator lands in the Repair department', async () => {
    const id = await fileRequest('pavel', 'repair-printer', 'Printer jams');
    const incident = await waitFor('incident', () => db.incident.findUnique({ where: { requestId: id }, include: { department: true } }));
    expect(incident.department.code).toBe('repair');
  });
});
