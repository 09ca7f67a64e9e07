// One Idempotency-Key, many concurrent filings: one request and the same answer for all, never
// a 500. Keys expire: after IDEMPOTENCY_KEY_HOURS the worker's housekeeping forgets them and
// the same key files a new request.
import { randomUUID } from 'node:crypto';
import { api, tokenFor } from '../support/api';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';

const db = openDb();
afterAll(() => db.$disconnect());

const filing = (key: string, description: string) =>
  api('olga', 'POST', '/api/requests', { phone: '+74951230001', serviceCode: 'it-access', description }, { 'Idempotency-Key': key });

test('20 parallel filings with one key give one request, the same answer to each, and no 5xx', async () => {
  const key = `parallel-${randomUUID()}`;
  await tokenFor('olga'); // one sign-in, not twenty at once
  const answers = await Promise.all(Array.from({ length: 20 }, () => filing(key, 'Twenty hands on one button')));
  expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
  expect(answers.every((a) => a.status === 200 || a.status === 201)).toBe(true);
  const ids = new Set(answers.map((a) => a.body.request.id as string));
  expect(ids.size).toBe(1);
  const [id] = [...ids];
  expect(await db.serviceRequest.count({ where: { idempotencyKey: key } })).toBe(1);
  await waitFor('its incident', () => db.incident.findUnique({ where: { requestId: id } }), 60000, 250);
  expect(await db.externalOrder.count({ where: { requestId: id } })).toBe(1);
});

test('an expired key is forgotten by the housekeeping pass and then files a new request', async () => {
  const key = `expiring-${randomUUID()}`;
  const first = await filing(key, 'Filed yesterday');
  expect(first.status).toBe(201);
  const replay = await filing(key, 'Filed yesterday');
  expect(replay.status).toBe(200);
  expect(replay.body.request.id).toBe(first.body.request.id);
  // A day and an hour later (IDEMPOTENCY_KEY_HOURS is 24): the request and a kept answer are that old.
  const dayAgo = new Date(Date.now() - 25 * 3600_000);
  await db.serviceRequest.update({ where: { id: first.body.request.id }, data: { createdAt: dayAgo } });
  await db.idempotencyRecord.create({
    data: { actorId: 'someone', key, method: 'POST', path: '/api/comments', bodyHash: 'x', status: 201, createdAt: dayAgo },
  });
  await waitFor(
    'the key forgotten',
    async () => (await db.serviceRequest.findUniqueOrThrow({ where: { id: first.body.request.id } })).idempotencyKey === null,
    30000,
  );
  await waitFor('the kept answer forgotten', async () => (await db.idempotencyRecord.count({ where: { key } })) === 0, 30000);
  const again = await filing(key, 'Filed yesterday');
  expect(again.status).toBe(201);
  expect(again.body.request.id).not.toBe(first.body.request.id);
});
