// Analytics delivery: while ClickHouse is unreachable the app keeps serving and lifecycle
// events wait in the PostgreSQL outbox; when it is back they are delivered, and a batch
// delivered twice (a lost acknowledgement) is counted once in the event store and in the
// daily aggregates. The backfill rebuilds a lost event store from the outbox.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { APP_URL, DATA_DIR, ROOT, testEnv } from '../support/env';
import { killProcess, pidOf, spawnProcess, startApp, waitFor, alive } from '../support/processes';

const db = openDb();
afterAll(async () => {
  await db.$disconnect();
});

async function stopApp() {
  const pid = pidOf('app');
  killProcess('app');
  await waitFor('app to stop', async () => !alive(pid), 20000);
}
const stored = async (requestId: string) => (await api('sergey', 'GET', `/api/analytics/events?requestId=${requestId}`)).body.items as { event_id: string; type: string }[];
const eventTypes = async (requestId: string) => (await stored(requestId)).map((e) => e.type);
/** The event store holds exactly the outbox's events of the request, each once. */
async function expectExactlyOnce(requestId: string) {
  const inStore = (await stored(requestId)).map((e) => e.event_id).sort();
  const inOutbox = (await db.incidentEvent.findMany({ where: { requestId, shippedAt: { not: null } }, select: { id: true } })).map((e) => e.id).sort();
  expect(inStore).toEqual(inOutbox);
}
const today = () => new Date().toISOString().slice(0, 10);
async function dailyFiled(departmentId: string): Promise<number> {
  const res = await api('sergey', 'GET', `/api/analytics/daily?from=${today()}&to=${today()}`);
  expect(res.status).toBe(200);
  return (res.body.items as { type: string; department_id: string; events: number }[]).filter((r) => r.type === 'request.filed' && r.department_id === departmentId).reduce((n, r) => n + r.events, 0);
}

test('events wait in the outbox while ClickHouse is down and arrive once when it is back', async () => {
  await stopApp();
  // A ClickHouse server address where nothing listens.
  spawnProcess('app', { CLICKHOUSE_URL: 'http://127.0.0.1:9' });
  const health = await waitFor('app serving without ClickHouse', async () => {
    const res = await fetch(`${APP_URL}/api/health`).catch(() => null);
    return res && res.status === 503 ? ((await res.json()) as { checks: Record<string, { ok: boolean }> }) : null;
  });
  expect(health.checks.clickhouse!.ok).toBe(false);
  expect(health.checks.database!.ok).toBe(true);

  const ids = [await fileRequest('olga', 'it-laptop', 'Outage 1'), await fileRequest('olga', 'it-network', 'Outage 2')];
  await waitFor('incidents opened', async () => (await db.incidentEvent.count({ where: { requestId: { in: ids }, type: 'incident.opened' } })) === 2, 30000);
  await new Promise((r) => setTimeout(r, 1500)); // several relay ticks
  const waiting = await db.incidentEvent.findMany({ where: { requestId: { in: ids } } });
  expect(waiting.length).toBeGreaterThanOrEqual(6);
  expect(waiting.filter((e) => e.shippedAt !== null)).toEqual([]);

  await stopApp();
  await startApp();
  for (const id of ids) {
    await waitFor(`events of ${id} in ClickHouse`, async () => (await eventTypes(id)).includes('incident.opened'), 30000, 300);
  }
  // Everything that waited has been delivered, each event once.
  const shipped = await db.incidentEvent.findMany({ where: { id: { in: waiting.map((e) => e.id) } } });
  expect(shipped.every((e) => e.shippedAt !== null)).toBe(true);
  for (const id of ids) await expectExactlyOnce(id);

  // A lost acknowledgement: the relay delivers the same rows again.
  const it = await db.department.findUniqueOrThrow({ where: { code: 'it' } });
  const before = await dailyFiled(it.id);
  const filedToday = await db.incidentEvent.count({ where: { type: 'request.filed', departmentId: it.id, occurredAt: { gte: new Date(`${today()}T00:00:00Z`) } } });
  expect(before).toBe(filedToday);
  const again = await db.incidentEvent.updateMany({ where: { requestId: { in: ids } }, data: { shippedAt: null } });
  expect(again.count).toBe(waiting.length);
  await waitFor('re-delivered', async () => (await db.incidentEvent.count({ where: { requestId: { in: ids }, shippedAt: null } })) === 0, 20000);
  expect(await dailyFiled(it.id)).toBe(filedToday);
  for (const id of ids) await expectExactlyOnce(id);
});

test('the backfill rebuilds a lost event store from the outbox', async () => {
  const [id] = [await fileRequest('olga', 'it-laptop', 'Backfill me')];
  await waitFor('events delivered', async () => (await eventTypes(id!)).includes('incident.opened'), 30000, 300);
  const expected = (await eventTypes(id!)).sort();
  await stopApp();
  fs.rmSync(path.join(DATA_DIR, 'chdb'), { recursive: true, force: true });
  const out = execFileSync(process.execPath, ['dist/analytics/backfill.js'], { cwd: ROOT, env: testEnv }).toString();
  const total = await db.incidentEvent.count();
  expect(out).toContain(`backfill: ${total} events written`);
  await startApp();
  expect((await eventTypes(id!)).sort()).toEqual(expect.arrayContaining(expected));
});
