// Analytics delivery: while ClickHouse is unreachable the app keeps serving and lifecycle
// events wait in the PostgreSQL outbox; when it is back they are delivered, and a batch
// delivered twice (a lost acknowledgement) is counted once in the event store and in the
// daily aggregates. The backfill rebuilds a lost event store from the outbox.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAnalyticsClient, type Analytics } from '../../infra/clickhouse';
import { migrateAnalytics } from '../../analytics/migrations';
import { insertEvents } from '../../analytics/relay';
import { api, fileRequest } from '../support/api';
import { openDb } from '../support/db';
import { APP_INTERNAL_URL, DATA_DIR, ROOT, testEnv } from '../support/env';
import { killProcess, pidOf, spawnProcess, startApp, unusedPort, waitFor, alive } from '../support/processes';

const db = openDb();
afterAll(async () => {
  await db.$disconnect();
});

async function stopApp() {
  const pid = pidOf('app');
  killProcess('app');
  await waitFor('app to stop', async () => !alive(pid), 20000);
}
const stored = async (requestId: string) =>
  (await api('sergey', 'GET', `/api/analytics/events?requestId=${requestId}`)).body.items as { event_id: string; type: string }[];
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
  return (res.body.items as { type: string; department_id: string; events: number }[])
    .filter((r) => r.type === 'request.filed' && r.department_id === departmentId)
    .reduce((n, r) => n + r.events, 0);
}

const scalar = async (ch: Analytics, query: string) =>
  Number(((await (await ch.query({ query, format: 'JSONEachRow' })).json()) as Record<string, unknown>[])[0]!.n);

test('the relay against a closed port leaves the events in the outbox; identical and overlapping re-deliveries change no figure', async () => {
  const requestId = await fileRequest('olga', 'it-laptop', 'Relay direct');
  await waitFor('events in the outbox', async () => (await db.incidentEvent.count({ where: { requestId, type: 'incident.opened' } })) === 1, 30000);
  const rows = await db.incidentEvent.findMany({ where: { requestId }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] });
  expect(rows.length).toBeGreaterThanOrEqual(3);

  // Nothing listens on this port: the delivery fails (the relay then marks nothing shipped).
  const down = createAnalyticsClient({
    CLICKHOUSE_URL: `http://127.0.0.1:${await unusedPort()}`,
    CLICKHOUSE_USER: 'default',
    CLICKHOUSE_PASSWORD: '',
    CHDB_PATH: '',
  });
  await expect(insertEvents(down, 'incident_desk', rows)).rejects.toThrow(/ECONNREFUSED/);
  await down.close();

  // A store of this test's own (the app owns the profile's chDB folder).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-relay-'));
  const ch = createAnalyticsClient({ CLICKHOUSE_URL: '', CLICKHOUSE_USER: 'default', CLICKHOUSE_PASSWORD: '', CHDB_PATH: dir });
  try {
    const store = 'relay_test';
    expect(await migrateAnalytics(ch, store)).toBeGreaterThanOrEqual(4);
    // A closure of the same request, so the per-request outcome table is exercised too.
    const closure = {
      ...rows[0]!,
      id: randomUUID(),
      key: `test:${randomUUID()}`,
      type: 'request.closed',
      closeReason: 'resolved',
      secondsSinceFiled: 42,
      resolutionSeconds: 40,
      slaBreached: false,
    };
    const batch = [...rows, closure];
    const figures = async () => ({
      rows: await scalar(ch, `SELECT count() AS n FROM ${store}.incident_events`),
      final: await scalar(ch, `SELECT count() AS n FROM ${store}.incident_events FINAL`),
      daily: await scalar(ch, `SELECT uniqExactMerge(events) AS n FROM ${store}.events_daily`),
      agent: await scalar(ch, `SELECT uniqExactMerge(events) AS n FROM ${store}.agent_daily`),
      outcomes: await scalar(ch, `SELECT count() AS n FROM ${store}.request_outcomes FINAL`),
      completion: await scalar(ch, `SELECT sum(completion_seconds) AS n FROM ${store}.request_outcomes FINAL`),
    });
    await insertEvents(ch, store, batch);
    const once = await figures();
    expect(once).toMatchObject({ rows: batch.length, final: batch.length, daily: batch.length, outcomes: 1, completion: 42 });

    // A lost acknowledgement: the same batch again, in another order. Its deduplication token
    // is the same, so ClickHouse drops it before the table and the views: not even a raw duplicate.
    await insertEvents(ch, store, batch);
    await insertEvents(ch, store, [...batch].reverse());
    expect(await figures()).toEqual(once);

    // An overlapping batch (the old rows and a new one) is a different block: its duplicates land
    // in the table, yet no figure read as the application reads them changes but for the new row.
    const newer = { ...rows[0]!, id: randomUUID(), key: `test:${randomUUID()}`, type: 'notification.sent' };
    await insertEvents(ch, store, [...batch, newer]);
    const after = await figures();
    expect(after.rows).toBe(2 * batch.length + 1);
    expect(after).toMatchObject({ final: batch.length + 1, daily: batch.length + 1, outcomes: 1, completion: 42 });
    expect(after.agent).toBeGreaterThanOrEqual(once.agent);
  } finally {
    await ch.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('events wait in the outbox while ClickHouse is down and arrive once when it is back', async () => {
  await stopApp();
  // A ClickHouse server address where nothing listens.
  spawnProcess('app', { CLICKHOUSE_URL: 'http://127.0.0.1:9' });
  const health = await waitFor('app serving without ClickHouse', async () => {
    const res = await fetch(`${APP_INTERNAL_URL}/health`).catch(() => null); // the checks: internal port
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
  // Everything that waited has been delivered and marked shipped, each event once. The mark comes
  // a moment after the events are readable: the relay refreshes the rollups in between (so that a
  // failed refresh delivers the batch again), 0.1-5 s by the store's size (docs/performance.md).
  const unshipped = () => db.incidentEvent.count({ where: { id: { in: waiting.map((e) => e.id) }, shippedAt: null } });
  await waitFor('the waiting events marked shipped', async () => (await unshipped()) === 0, 30000, 300);
  for (const id of ids) await expectExactlyOnce(id);

  // A lost acknowledgement: the relay delivers the same rows again.
  const it = await db.department.findUniqueOrThrow({ where: { code: 'it' } });
  const before = await dailyFiled(it.id);
  const filedToday = await db.incidentEvent.count({
    where: { type: 'request.filed', departmentId: it.id, occurredAt: { gte: new Date(`${today()}T00:00:00Z`) } },
  });
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
