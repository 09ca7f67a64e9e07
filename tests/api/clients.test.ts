// Clients, the CRM side: search by name (any case, Cyrillic or Latin) and phone fragments,
// several phones and e-mails, idempotent create, optimistic concurrency, soft delete, the
// intake card, and who may do what.
import { randomInt, randomUUID as randomUUIDv4 } from 'node:crypto';
import { api, tokenFor } from '../support/api';
import { APP_URL } from '../support/env';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';
import { openTemporal } from '../support/temporal';
import { stateQuery } from '../../workflows/serviceRequest';
import { letterMarker } from '../support/marker';

const db = openDb();
afterAll(() => db.$disconnect());
const tag = letterMarker();
const phone = () => `+7977${randomInt(1_000_000, 9_999_999)}`;
const [p1, p2, p3] = [phone(), phone(), phone()];

test('create with several phones and e-mails; the same Idempotency-Key returns the same client', async () => {
  const body = {
    name: `ООО «Ромашка-${tag}»`,
    kind: 'company',
    phones: [{ phone: p1, label: 'office' }, { phone: p2 }],
    emails: [{ email: `Office-${tag}@Example.test` }],
  };
  const first = await api('olga', 'POST', '/api/clients', body, { 'Idempotency-Key': `client-${tag}` });
  expect(first.status).toBe(201);
  expect(first.body.client).toMatchObject({ phone: p1, kind: 'company', emails: [{ email: `office-${tag}@example.test`, label: '' }] });
  expect(first.body.client.phones.map((p: { phone: string }) => p.phone)).toEqual([p1, p2]);
  const again = await api('olga', 'POST', '/api/clients', body, { 'Idempotency-Key': `client-${tag}` });
  expect(again.status).toBe(200);
  expect(again.body.client.id).toBe(first.body.client.id);
  expect(await db.client.count({ where: { name: body.name } })).toBe(1);
  // A phone belongs to one client; bad input names the field.
  const taken = await api('olga', 'POST', '/api/clients', { name: 'Other', phones: [{ phone: p2 }] });
  expect(taken.status).toBe(409);
  expect(taken.body.errors[0].field).toBe('phones.0.phone');
  const bad = await api('olga', 'POST', '/api/clients', { name: 'Bad', phones: [{ phone: '8-495-123' }] });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].field).toBe('phones.0.phone');
  expect((await api('olga', 'POST', '/api/clients', { name: 'Bad', phones: [{ phone: p3 }], colour: 'red' })).status).toBe(400);
  expect((await api('olga', 'POST', '/api/clients', { name: 'No phone', phones: [] })).body.errors[0].field).toBe('phones');
});

test('search: part of the name in any case and alphabet, phone fragments, e-mail; deleted clients vanish', async () => {
  const ids = async (q: string) => (await api('sergey', 'GET', `/api/clients?q=${encodeURIComponent(q)}`)).body.items.map((c: { name: string }) => c.name);
  const name = `ООО «Ромашка-${tag}»`;
  expect(await ids(`ромашка-${tag}`)).toEqual([name]);
  expect(await ids(`РОМАШКА-${tag.toUpperCase()}`)).toEqual([name]);
  expect(await ids(p2.slice(1, 9))).toEqual([name]); // digits without the plus, a prefix of the second phone
  expect(await ids(p1.slice(5))).toEqual([name]); // the tail of the first
  expect(await ids(`office-${tag}@`)).toEqual([name]);
  const latin = await api('olga', 'POST', '/api/clients', { name: `Telecom Plus ${tag}`, phones: [{ phone: p3 }] });
  expect(await ids(`telecom PLUS ${tag}`)).toEqual([`Telecom Plus ${tag}`]);

  // Cursor pages: two at a time, every client once.
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await api(
      'olga',
      'GET',
      `/api/clients?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    seen.push(...page.body.items.map((c) => c.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.length).toBe(await db.client.count({ where: { deletedAt: null } }));

  expect((await api('olga', 'DELETE', `/api/clients/${latin.body.client.id}`)).status).toBe(403); // agents do not delete
  expect((await api('sergey', 'DELETE', `/api/clients/${latin.body.client.id}`)).status).toBe(204);
  expect(await ids(`Telecom Plus ${tag}`)).toEqual([]);
  expect((await api('olga', 'GET', `/api/clients/lookup?phone=${encodeURIComponent(p3)}`)).status).toBe(404);
  expect((await api('olga', 'GET', `/api/clients/${latin.body.client.id}`)).status).toBe(404);
  // Intake refuses a deleted client's phone instead of silently reviving it.
  const filed = await api('olga', 'POST', '/api/requests', { phone: p3, serviceCode: 'it-laptop', description: 'for a deleted client' });
  expect(filed.status).toBe(409);
  expect((await db.client.findUniqueOrThrow({ where: { id: latin.body.client.id } })).deletedAt).not.toBeNull(); // history stays
});

test('edits with If-Match: a stale copy gets 409; the intake finds the client by any phone', async () => {
  const { client } = (await api('olga', 'GET', `/api/clients/lookup?phone=${encodeURIComponent(p2)}`)).body;
  const url = `${APP_URL}/api/clients/${client.id}`;
  const auth = { authorization: `Bearer ${await tokenFor('olga')}`, 'content-type': 'application/json' };
  const etag = (await fetch(url, { headers: auth })).headers.get('etag')!;
  const patch = (body: object, ifMatch: string) => fetch(url, { method: 'PATCH', headers: { ...auth, 'if-match': ifMatch }, body: JSON.stringify(body) });
  const first = await patch({ notes: 'VIP: call before visiting', telegramId: '@romashka' }, etag);
  expect(first.status).toBe(200);
  const stale = await patch({ notes: 'overwritten' }, etag);
  expect(stale.status).toBe(409);
  expect((await db.client.findUniqueOrThrow({ where: { id: client.id } })).notes).toBe('VIP: call before visiting');
  const audit = await db.auditEntry.findMany({ where: { entityType: 'client', entityId: client.id }, orderBy: { createdAt: 'asc' } });
  expect(audit.map((a) => a.action)).toEqual(['client.created', 'client.updated']);

  // A request filed with the second phone lands on this client; the card shows it.
  const filed = await api('olga', 'POST', '/api/requests', { phone: p2, serviceCode: 'it-laptop', description: `Card test ${tag}` });
  expect(filed.status).toBe(201);
  expect(filed.body.request.clientId).toBe(client.id);
  const card = await api('olga', 'GET', `/api/clients/lookup?phone=${encodeURIComponent(p2)}`);
  expect(card.body.requests.map((r: { id: string }) => r.id)).toContain(filed.body.request.id);
  expect((await api('olga', 'GET', '/api/clients/lookup?phone=12345')).body.errors[0].field).toBe('phone');
});

test('clients are for staff: requesters get 403', async () => {
  expect((await api('ivan', 'GET', '/api/clients')).status).toBe(403);
  expect((await api('maria', 'POST', '/api/clients', { name: 'x', phones: [{ phone: phone() }] })).status).toBe(403);
});

test("a client's own SLA contract sets the targets of their incidents, before the service's", async () => {
  const contract = await api('admin', 'POST', '/api/admin/sla-contracts', {
    name: `Key account ${tag}`,
    targets: {
      P1: { response: 600, resolution: 3600 },
      P2: { response: 600, resolution: 3600 },
      P3: { response: 1200, resolution: 7200 },
      P4: { response: 1800, resolution: 10800 },
    },
  });
  expect(contract.status).toBe(201);
  const client = (
    await api('olga', 'POST', '/api/clients', { name: `Ключевой клиент ${tag}`, phones: [{ phone: phone() }], slaContractId: contract.body.item.id })
  ).body.client;
  expect(client.slaContractId).toBe(contract.body.item.id);
  expect((await api('olga', 'PATCH', `/api/clients/${client.id}`, { slaContractId: randomUUIDv4() })).body.errors[0].field).toBe('slaContractId');
  const filed = await api('olga', 'POST', '/api/requests', { phone: client.phone, serviceCode: 'it-laptop', description: `Key account ${tag}` });
  const temporal = await openTemporal();
  const state = await waitFor('the process to open the incident', async () => {
    const s = await temporal.workflow.getHandle(filed.body.request.id).query(stateQuery);
    return s.resolution ? s : null;
  });
  expect(state.resolution!.targetMs).toBe(7200 * 1000); // P3 of the client's contract, not the service's
  expect(state.response!.targetMs).toBe(1200 * 1000);
  await temporal.connection.close();
  expect((await api('admin', 'DELETE', `/api/admin/sla-contracts/${contract.body.item.id}`)).status).toBe(409); // in use by the client
});
