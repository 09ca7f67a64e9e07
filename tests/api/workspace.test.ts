// The incident workspace through the API: comments (public and internal), attachments
// (limits, types, safe download) and the timeline, per role.
import { api, fileRequest, tokenFor, uploadFile } from '../support/api';
import { openDb } from '../support/db';
import { APP_URL } from '../support/env';
import { waitFor } from '../support/processes';

const db = openDb();
afterAll(() => db.$disconnect());
const IVAN_PHONE = '+74950000013'; // the client record linked to Ivan's account: he is its requester
let incidentId: string;
let requestId: string;

beforeAll(async () => {
  requestId = await fileRequest('olga', 'it-laptop', `Workspace ${Date.now()}: the scanner is silent`, IVAN_PHONE);
  incidentId = (await waitFor('incident', () => db.incident.findFirst({ where: { requestId } }), 30000)).id;
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

test('staff comment internally by default; the requester sees only public comments and cannot post internal ones', async () => {
  const internal = await api('olga', 'POST', `/api/incidents/${incidentId}/comments`, { body: 'Checked the driver: outdated' });
  expect(internal.status).toBe(201);
  expect(internal.body.comment).toMatchObject({ public: false, authorName: 'Olga Orlova' });
  const shared = await api('olga', 'POST', `/api/incidents/${incidentId}/comments`, { body: 'We will call you at 15:00', public: true });
  expect(shared.body.comment.public).toBe(true);
  const byIvan = await api('ivan', 'POST', `/api/incidents/${incidentId}/comments`, { body: 'Thank you, I will be here' });
  expect(byIvan.status).toBe(201);
  expect(byIvan.body.comment.public).toBe(true);
  expect((await api('ivan', 'POST', `/api/incidents/${incidentId}/comments`, { body: 'secret', public: false })).status).toBe(403);

  const staffView = (await api('sergey', 'GET', `/api/incidents/${incidentId}/comments`)).body.items.map((c: { body: string }) => c.body);
  expect(staffView).toEqual(['Checked the driver: outdated', 'We will call you at 15:00', 'Thank you, I will be here']);
  const ivanView = (await api('ivan', 'GET', `/api/incidents/${incidentId}/comments`)).body.items.map((c: { body: string }) => c.body);
  expect(ivanView).toEqual(['We will call you at 15:00', 'Thank you, I will be here']);

  // Other departments and other people learn nothing; bad input names the field.
  expect((await api('elena', 'GET', `/api/incidents/${incidentId}/comments`)).status).toBe(404);
  expect((await api('maria', 'POST', `/api/incidents/${incidentId}/comments`, { body: 'hi' })).status).toBe(404);
  const empty = await api('olga', 'POST', `/api/incidents/${incidentId}/comments`, { body: '  ' });
  expect(empty.status).toBe(400);
  expect(empty.body.errors[0].field).toBe('body');
  expect((await api('olga', 'POST', `/api/incidents/${incidentId}/comments`, { body: 'x', colour: 'red' })).status).toBe(400);

  // Comments are searchable, and each is in the outbox for analytics.
  const found = await api('sergey', 'GET', `/api/incidents?q=${encodeURIComponent('driver outdated')}`);
  expect(found.body.items.map((i: { id: string }) => i.id)).toContain(incidentId);
  expect(await db.incidentEvent.count({ where: { incidentId, type: 'comment.added' } })).toBe(3);
});

test('attachments: stored under a random key, downloaded byte for byte with safe headers, limits enforced', async () => {
  const ok = await uploadFile('olga', incidentId, 'экран «ошибка».png', 'image/png', PNG, '?public=true');
  expect(ok.status).toBe(201);
  expect(ok.body.attachment).toMatchObject({ fileName: 'экран «ошибка».png', contentType: 'image/png', size: PNG.length, public: true });
  const row = await db.attachment.findUniqueOrThrow({ where: { id: ok.body.attachment.id } });
  expect(row.storageKey).not.toContain('.png');

  const res = await fetch(`${APP_URL}/api/attachments/${row.id}/content`, { headers: { authorization: `Bearer ${await tokenFor('ivan')}` } });
  expect(res.status).toBe(200);
  expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  expect(res.headers.get('content-type')).toBe('image/png');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  // A plain-ASCII fallback name and the exact name in RFC 5987 form; never shown inline.
  expect(res.headers.get('content-disposition')).toBe(
    `attachment; filename="_____ ________.png"; filename*=UTF-8''${encodeURIComponent('экран «ошибка».png')}`,
  );
  const foreign = await fetch(`${APP_URL}/api/attachments/${row.id}/content`, { headers: { authorization: `Bearer ${await tokenFor('elena')}` } });
  expect(foreign.status).toBe(404);

  const html = await uploadFile('olga', incidentId, 'page.html', 'text/html', Buffer.from('<script>alert(1)</script>'));
  expect(html.status).toBe(415);
  expect(html.body.errors[0].field).toBe('file');
  const fakePng = await uploadFile('olga', incidentId, 'fake.png', 'image/png', Buffer.from('<svg onload=alert(1)>'));
  expect(fakePng.status).toBe(415);
  const big = await uploadFile('olga', incidentId, 'big.txt', 'text/plain', Buffer.alloc(10 * 1024 * 1024 + 1, 65));
  expect(big.status).toBe(413);
  expect((await uploadFile('elena', incidentId, 'x.txt', 'text/plain', Buffer.from('hi'))).status).toBe(404);
  const list = await api('ivan', 'GET', `/api/incidents/${incidentId}/attachments`);
  expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([row.id]); // the refused ones left nothing
  const badFlag = await uploadFile('olga', incidentId, 'x.txt', 'text/plain', Buffer.from('hi'), '?public=yes');
  expect(badFlag.status).toBe(400);
  expect(badFlag.body.errors[0].field).toBe('public');
});

test("attachments are internal or public like comments: staff files are internal by default, the requester's always public", async () => {
  const internal = await uploadFile('olga', incidentId, 'diagnostics.txt', 'text/plain', Buffer.from('internal: replace the board'));
  expect(internal.status).toBe(201);
  expect(internal.body.attachment.public).toBe(false);
  const fromIvan = await uploadFile('ivan', incidentId, 'photo-note.txt', 'text/plain', Buffer.from('the scanner light blinks'), '?public=false');
  expect(fromIvan.status).toBe(201);
  expect(fromIvan.body.attachment.public).toBe(true);

  const seenByIvan = (await api('ivan', 'GET', `/api/incidents/${incidentId}/attachments`)).body.items.map((a: { id: string }) => a.id);
  expect(seenByIvan).not.toContain(internal.body.attachment.id);
  expect(seenByIvan).toContain(fromIvan.body.attachment.id);
  const download = await fetch(`${APP_URL}/api/attachments/${internal.body.attachment.id}/content`, {
    headers: { authorization: `Bearer ${await tokenFor('ivan')}` },
  });
  expect(download.status).toBe(404);
  const seenByOlga = (await api('olga', 'GET', `/api/incidents/${incidentId}/attachments`)).body.items.map((a: { id: string }) => a.id);
  expect(seenByOlga).toEqual(expect.arrayContaining([internal.body.attachment.id, fromIvan.body.attachment.id]));
  const timeline = (await api('ivan', 'GET', `/api/incidents/${incidentId}/timeline`)).body.items as { kind: string; title: string }[];
  expect(timeline.some((e) => e.kind === 'attachment' && e.title === 'diagnostics.txt')).toBe(false);
  expect(timeline.some((e) => e.kind === 'attachment' && e.title === 'photo-note.txt')).toBe(true);
});

test('the timeline merges the process steps, comments and attachments; requesters see no internal notes', async () => {
  await api('olga', 'POST', `/api/incidents/${incidentId}/transitions`, { action: 'assign', assigneeId: '00000000-0000-4000-8000-000000000012' }).catch(
    () => undefined,
  );
  const staff = (await api('sergey', 'GET', `/api/incidents/${incidentId}/timeline`)).body.items as {
    kind: string;
    title: string;
    detail: string | null;
    at: string;
  }[];
  expect(staff.map((e) => e.kind)).toEqual(expect.arrayContaining(['transition', 'comment', 'attachment']));
  expect(staff.some((e) => e.kind === 'comment' && e.detail === 'Checked the driver: outdated')).toBe(true);
  expect(staff.map((e) => e.at)).toEqual([...staff.map((e) => e.at)].sort());
  const ivan = (await api('ivan', 'GET', `/api/incidents/${incidentId}/timeline`)).body.items as { kind: string; title: string; detail: string | null }[];
  expect(ivan.some((e) => e.detail === 'Checked the driver: outdated')).toBe(false);
  // Of the deliveries, the requester sees those sent to him only (not the agent's).
  const toIvan = ivan.filter((e) => e.kind === 'notification');
  expect(toIvan.every((e) => e.title.includes('ivan@demo.incident-desk.local'))).toBe(true);
  // Deliveries go on in the background: staff, asked after the requester, see at least as many.
  const staffAfter = (await api('sergey', 'GET', `/api/incidents/${incidentId}/timeline`)).body.items as { kind: string }[];
  expect(staffAfter.filter((e) => e.kind === 'notification').length).toBeGreaterThanOrEqual(toIvan.length);
  expect(ivan.some((e) => e.kind === 'comment')).toBe(true);
  expect((await api('elena', 'GET', `/api/incidents/${incidentId}/timeline`)).status).toBe(404);
});

test('a retried comment with the same Idempotency-Key is added once; another body under it is refused', async () => {
  const key = `comment-${Date.now()}`;
  const first = await api('olga', 'POST', `/api/incidents/${incidentId}/comments`, { body: 'Sent once' }, { 'Idempotency-Key': key });
  expect(first.status).toBe(201);
  await waitFor('the first answer kept', () => db.idempotencyRecord.findFirst({ where: { key, status: { not: null } } }));
  const retry = await api('olga', 'POST', `/api/incidents/${incidentId}/comments`, { body: 'Sent once' }, { 'Idempotency-Key': key });
  expect(retry.status).toBe(200);
  expect(retry.body.comment.id).toBe(first.body.comment.id);
  expect(await db.comment.count({ where: { incidentId, body: 'Sent once' } })).toBe(1);
  expect((await api('olga', 'POST', `/api/incidents/${incidentId}/comments`, { body: 'Something else' }, { 'Idempotency-Key': key })).status).toBe(409);
  // The key is per caller: a colleague's call with the same key is their own.
  expect((await api('sergey', 'POST', `/api/incidents/${incidentId}/comments`, { body: 'Sent once' }, { 'Idempotency-Key': key })).status).toBe(201);
  // Admin tables too.
  const typeKey = `ptype-${Date.now()}`;
  const body = { serviceType: 'computer', code: `k${Date.now().toString(36)}`, nameRu: 'Тест', nameEn: 'Test' };
  const created = await api('admin', 'POST', '/api/admin/problem-types', body, { 'Idempotency-Key': typeKey });
  expect(created.status).toBe(201);
  await waitFor('kept', () => db.idempotencyRecord.findFirst({ where: { key: typeKey, status: { not: null } } }));
  const again = await api('admin', 'POST', '/api/admin/problem-types', body, { 'Idempotency-Key': typeKey });
  expect(again.body.item.id).toBe(created.body.item.id);
  expect(await db.problemType.count({ where: { code: body.code } })).toBe(1);
});
