// SIGTERM drains the app: it stops accepting, finishes the requests under way, ends the live
// board's streams and closes Temporal and the database before it exits. The live board's
// LISTEN connection comes back by itself after PostgreSQL dropped it.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { fileRequest, tokenFor } from '../support/api';
import { openDb } from '../support/db';
import { APP_INTERNAL_URL, APP_URL } from '../support/env';
import { alive, killProcess, pidOf, startApp, waitFor } from '../support/processes';

const db = openDb();
afterAll(() => db.$disconnect());

/** Opens the live board's stream; resolves with a reader once the stream said it is connected. */
async function openStream(user: string) {
  const res = await fetch(`${APP_URL}/api/incidents/stream`, { headers: { authorization: `Bearer ${await tokenFor(user)}` } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const read = async () => {
    const chunk = await reader.read();
    if (!chunk.done) text += decoder.decode(chunk.value);
    return chunk.done;
  };
  while (!text.includes(': connected')) await read();
  return { read, text: () => text };
}

/** A filing whose body is sent in two parts: the server has its headers (the request is under way) before the rest comes. */
async function filingInTwoParts(key: string) {
  const body = JSON.stringify({ phone: '+74951230001', serviceCode: 'it-access', description: 'Filed across a SIGTERM' });
  const token = await tokenFor('olga');
  let answered!: Promise<{ status: number; body: string }>;
  const req = await new Promise<http.ClientRequest>((resolveReq, reject) => {
    const r = http.request(`${APP_URL}/api/requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': key },
    });
    answered = new Promise((resolve, fail) => {
      r.on('response', (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      r.on('error', fail);
    });
    r.on('error', reject);
    r.on('socket', (socket) => socket.on('connect', () => resolveReq(r)));
    r.flushHeaders();
  });
  req.write(body.slice(0, 20));
  return { finish: () => req.end(body.slice(20)), answered };
}

test('SIGTERM: the filing under way is answered, the live stream ends, the app exits; a new app serves', async () => {
  const stream = await openStream('olga');
  const key = `sigterm-${randomUUID()}`;
  const filing = await filingInTwoParts(key);
  await new Promise((r) => setTimeout(r, 300)); // the headers reach the app
  const pid = pidOf('app');
  killProcess('app', 'SIGTERM');
  // The stream ends (the board's EventSource reconnects to another instance in production).
  while (!(await stream.read()));
  filing.finish();
  const answer = await filing.answered;
  expect(answer.status).toBe(201);
  expect(await db.serviceRequest.count({ where: { idempotencyKey: key } })).toBe(1);
  await waitFor('the app to exit', async () => !alive(pid), 30000);
  await startApp();
  const id = JSON.parse(answer.body).request.id as string;
  await waitFor('its incident', () => db.incident.findUnique({ where: { requestId: id } }), 60000, 250);
}, 120000);

test('the live board reconnects after PostgreSQL dropped its LISTEN connection, and health says so', async () => {
  const stream = await openStream('olga');
  const listeners = async () => (await db.$queryRawUnsafe<{ pid: number }[]>(`SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN %'`)).map((r) => r.pid);
  const before = await listeners();
  expect(before.length).toBeGreaterThan(0);
  // PostgreSQL ends the LISTEN session (as a restart or a failover would).
  await db.$executeRawUnsafe(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %'`);
  await waitFor('a new LISTEN session', async () => (await listeners()).some((pid) => !before.includes(pid)), 60000, 250);
  await waitFor(
    'health: live updates back',
    async () => {
      const health = await fetch(`${APP_INTERNAL_URL}/health`); // the checks: internal port
      return health.status === 200 && ((await health.json()) as { checks: { liveUpdates: { ok: boolean } } }).checks.liveUpdates.ok;
    },
    60000,
    250,
  );
  // A change after the reconnect reaches the stream.
  const requestId = await fileRequest('olga', 'it-access', 'After the LISTEN reconnect');
  const incident = await waitFor('its incident', () => db.incident.findUnique({ where: { requestId } }), 60000, 250);
  while (!stream.text().includes(incident.id)) expect(await stream.read()).toBe(false);
}, 120000);
