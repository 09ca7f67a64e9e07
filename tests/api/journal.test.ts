// The request journal and the incident list: filters, cursor pages, CSV export, full-text
// search, and who sees what — against the real app, database and workflow.
import { randomInt } from 'node:crypto';
import { api, fileRequest, tokenFor } from '../support/api';
import { APP_URL } from '../support/env';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';
import { letterMarker } from '../support/marker';

const db = openDb();
afterAll(() => db.$disconnect());

const marker = letterMarker('J');
const phone = `+7999${randomInt(1_000_000, 9_999_999)}`;
let clientId: string;
const filed: string[] = [];

/** Files for the test's own client (created by the first intake). */
async function file(serviceCode: string, description: string): Promise<string> {
  const res = await api(
    'sergey',
    'POST',
    '/api/requests',
    { phone, serviceCode, description, client: { name: `Журнальный Клиент ${marker}` } },
    { 'Idempotency-Key': `journal-${marker}-${filed.length}` },
  );
  expect(res.status).toBe(201);
  filed.push(res.body.request.id);
  return res.body.request.id;
}

beforeAll(async () => {
  await file('it-laptop', `${marker} Принтер зажевал бумагу в бухгалтерии`);
  await file('it-laptop', `${marker} The keyboards in room 12 are sticky`);
  await file('it-laptop', `=HYPERLINK("http://evil.example") ${marker} formula in a description`);
  for (let i = 0; i < 4; i++) await file('it-laptop', `${marker} paging ${i}`);
  clientId = (await db.client.findUniqueOrThrow({ where: { phone } })).id;
  // Every incident opened: the search documents exist.
  await waitFor('incidents opened', async () => ((await db.incident.count({ where: { requestId: { in: filed } } })) === filed.length ? true : null), 30000);
});

const journal = (user: string, query: string) => api(user, 'GET', `/api/requests?${query}`);

test('the journal filters by client, service, channel, status and dates, newest first', async () => {
  const res = await journal('sergey', `client=${clientId}&limit=100`);
  expect(res.status).toBe(200);
  expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([...filed].reverse());
  expect(res.body.nextCursor).toBeNull();
  const first = res.body.items[0];
  expect(first).toMatchObject({ channel: 'PHONE', client: { id: clientId, phone }, service: { code: 'it-laptop' }, department: { code: 'it' } });

  const today = new Date().toISOString().slice(0, 10);
  expect((await journal('sergey', `client=${clientId}&service=it-laptop&channel=PHONE&from=${today}&to=${today}&limit=100`)).body.items).toHaveLength(
    filed.length,
  );
  expect((await journal('sergey', `client=${clientId}&channel=EMAIL`)).body.items).toHaveLength(0);
  expect((await journal('sergey', `client=${clientId}&to=2000-01-01`)).body.items).toHaveLength(0);
  expect((await journal('sergey', `client=${clientId}&status=CLOSED`)).body.items).toHaveLength(0);
  expect((await journal('sergey', `client=${clientId}&status=NEW,IN_PROGRESS&limit=100`)).body.items).toHaveLength(filed.length);
});

test('cursor pages cover the list once, in either order', async () => {
  for (const sort of ['-createdAt', 'createdAt']) {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await journal(
        'sergey',
        `client=${clientId}&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((r) => r.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(sort === 'createdAt' ? filed : [...filed].reverse());
  }
});

test('search matches the description and the client name in any case, and phone digits', async () => {
  // The search tolerates typos, so another suite's marker may find its own requests too (a
  // fresh-clone run found two): what is asserted is which of this suite's requests match.
  const ids = async (q: string) =>
    ((await journal('sergey', `q=${encodeURIComponent(q)}&limit=500`)).body.items.map((r: { id: string }) => r.id) as string[]).filter((id) =>
      filed.includes(id),
    );
  expect(await ids(`${marker} принтер`.toUpperCase())).toEqual([filed[0]]);
  expect(await ids(`журнальный клиент ${marker}`.toLowerCase())).toHaveLength(filed.length);
  expect(await ids(phone.slice(2, 11))).toHaveLength(filed.length);
});

test('incidents: full-text search in Russian and English, with typos, and filters', async () => {
  const search = async (q: string) => {
    const res = await api('sergey', 'GET', `/api/incidents?client=${clientId}&q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return res.body.items.map((i: { requestId: string }) => i.requestId);
  };
  expect(await search('принтеры бумага')).toEqual([filed[0]]); // other word forms (Russian stemming)
  expect(await search('keyboard sticky')).toEqual([filed[1]]); // English stemming
  expect(await search('клавиатура')).toEqual([]);
  expect(await search('бухгалтерея')).toEqual([filed[0]]); // a typo: trigram similarity
  const all = await api('sergey', 'GET', `/api/incidents?client=${clientId}&priority=P3&assignee=none&sort=createdAt&limit=3`);
  expect(all.body.items.every((i: { priority: string; assigneeId: string | null }) => i.priority === 'P3' && i.assigneeId === null)).toBe(true);
});

test('CSV export: every filtered row, spreadsheet-safe', async () => {
  const csv = await api<string>('sergey', 'GET', `/api/requests?client=${clientId}&format=csv`);
  expect(csv.status).toBe(200);
  expect(csv.contentType).toMatch(/^text\/csv/);
  const text = csv.body;
  expect(text.startsWith('id,created_at,status')).toBe(true); // text() drops the BOM: bytes below
  const raw = await fetch(`${APP_URL}/api/requests?client=${clientId}&format=csv`, { headers: { authorization: `Bearer ${await tokenFor('sergey')}` } });
  expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(raw.headers.get('content-disposition')).toMatch(/^attachment; filename="requests-\d{4}-\d{2}-\d{2}\.csv"$/);
  const lines = text.trim().split('\r\n');
  expect(lines).toHaveLength(filed.length + 1);
  expect(text).toContain(`"'=HYPERLINK(""http://evil.example"") ${marker} formula in a description"`);
  expect(text).toContain(`Журнальный Клиент ${marker}`);
  const incidents = await api<string>('sergey', 'GET', `/api/incidents?client=${clientId}&format=csv`);
  expect(incidents.body.trim().split('\r\n')).toHaveLength(filed.length + 1);
});

test('who sees what: other departments and other people get nothing, foreign ids 404', async () => {
  expect((await journal('elena', `client=${clientId}`)).body.items).toHaveLength(0);
  expect((await journal('ivan', `client=${clientId}`)).body.items).toHaveLength(0);
  expect((await api('elena', 'GET', `/api/requests/${filed[0]}`)).status).toBe(404);
  expect((await api('ivan', 'GET', `/api/requests/${filed[0]}`)).status).toBe(404);
  expect((await api('sergey', 'GET', `/api/requests/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  expect((await api('sergey', 'GET', `/api/requests/not-an-id`)).status).toBe(404);
  const own = await api('sergey', 'GET', `/api/requests/${filed[0]}`);
  expect(own.status).toBe(200);
  expect(own.body.request).toMatchObject({ id: filed[0], client: { id: clientId } });
  // A plain user sees the requests filed for the client record linked to their account.
  const ivansRequest = await fileRequest('olga', 'it-laptop', `${marker} for Ivan himself`, '+74950000013');
  const ivans = await journal('ivan', `q=${marker}`);
  expect(ivans.body.items.map((r: { id: string }) => r.id)).toEqual([ivansRequest]);
  expect((await api('ivan', 'GET', `/api/requests/${ivansRequest}`)).status).toBe(200);
  expect((await journal('maria', `q=${marker}`)).body.items).toHaveLength(0);
  // The Location of a filed request can be followed.
  const filedRes = await api('olga', 'POST', '/api/requests', { phone, serviceCode: 'it-laptop', description: `${marker} location` });
  expect(filedRes.status).toBe(201);
  expect((await api('olga', 'GET', `/api/requests/${filedRes.body.request.id}`)).status).toBe(200);
});

test('bad list parameters are 400 problems naming the parameter', async () => {
  const cases: [string, string][] = [
    ['status=BOGUS', 'status'],
    ['limit=0', 'limit'],
    ['limit=100000', 'limit'],
    ['cursor=garbage', 'cursor'],
    // Well formed, but its id is no row id this API hands out.
    [`cursor=${Buffer.from(JSON.stringify({ at: '2026-01-01T00:00:00.000Z', id: 'x' })).toString('base64url')}`, 'cursor'],
    ['from=2026-02-01&to=2026-01-01', 'to'],
    ['from=yesterday', 'from'],
    ['colour=red', 'colour'],
    ['channel=PIGEON', 'channel'],
    ['client=not-a-uuid', 'client'],
  ];
  for (const [query, field] of cases) {
    for (const path of ['/api/requests', '/api/incidents']) {
      const res = await api('sergey', 'GET', `${path}?${query}`);
      expect({ query, path, status: res.status, type: res.contentType }).toEqual({
        query,
        path,
        status: 400,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  }
});
