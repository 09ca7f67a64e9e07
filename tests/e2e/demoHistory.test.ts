// The demo history of scripts/start.sh (scripts/demo-history.ts) on a desk of its own: made
// through the API and the workflows, it leaves requests from every channel and incidents in
// every working state, comments, a file, a reopening and a reassignment; its finished requests
// are dated back over three weeks, and once the analytics relay runs, the reports show them per
// day. A second run on a desk with requests changes nothing.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { openDb, type Fixtures } from '../support/db';
import { ROOT, testEnv } from '../support/env';
import { startIsolatedApp, type IsolatedApp } from '../support/isolatedApp';
import { tokenFor } from '../support/api';
import { waitFor } from '../support/processes';

let app: IsolatedApp;
let db: Fixtures;
beforeAll(async () => {
  // As scripts/start.sh does: the relay holds the outbox back while the demo is made.
  app = await startIsolatedApp('demo', 60, { ANALYTICS_RELAY_INTERVAL_MS: '3600000' });
  db = openDb(app.databaseUrl);
}, 180_000);
afterAll(async () => {
  await db?.$disconnect();
  app?.stop();
});

const demoHistory = () =>
  promisify(execFile)('node', ['dist/scripts/demo-history.js'], {
    cwd: ROOT,
    env: { ...process.env, ...testEnv, PUBLIC_URL: app.url, DATABASE_URL: app.databaseUrl },
  });

test('the demo history is made through the process and dated back over three weeks', async () => {
  const { stdout } = await demoHistory();
  expect(stdout).toMatch(/55 requests filed and worked through the process/);

  const requests = await db.serviceRequest.findMany({ include: { incident: true } });
  expect(requests).toHaveLength(55);
  // Every request has its workflow's incident (none was written past the process).
  expect(requests.every((r) => r.incident !== null)).toBe(true);
  expect(new Set(requests.map((r) => r.channel))).toEqual(new Set(['PHONE', 'EMAIL', 'WEB', 'TELEGRAM', 'SMS', 'QR']));
  const statuses = new Set(requests.map((r) => r.incident?.status));
  for (const s of ['ASSIGNED', 'IN_PROGRESS', 'WAITING_FOR_CLIENT', 'RESOLVED', 'CLOSED']) expect(statuses).toContain(s);
  const actions = new Set((await db.incidentTransition.findMany({ select: { action: true } })).map((t) => t.action));
  for (const a of ['assign', 'start', 'waitForClient', 'resolve', 'reopen', 'close', 'setPriority', 'unlink']) expect(actions).toContain(a);
  expect(await db.comment.count({ where: { public: true } })).toBeGreaterThan(5);
  expect(await db.comment.count({ where: { public: false } })).toBeGreaterThan(5);
  expect(await db.attachment.count()).toBeGreaterThanOrEqual(2);

  // Finished requests lie in the past three weeks, on many days, each lasting hours; the others
  // are today's (the test profile's 3-second reopen window closes resolved ones too).
  const now = Date.now();
  const aged = requests.filter((r) => r.createdAt.getTime() < now - 3_600_000);
  const dated = Number(/(\d+) finished requests dated back/.exec(stdout)?.[1]);
  expect(dated).toBeGreaterThanOrEqual(33); // the closed ones of the script, and those the reopen window closed meanwhile
  expect(aged).toHaveLength(dated);
  expect(aged.every((r) => r.status === 'CLOSED')).toBe(true);
  expect(new Set(aged.map((r) => r.createdAt.toISOString().slice(0, 10))).size).toBeGreaterThanOrEqual(14);
  for (const r of aged) {
    expect(r.closedAt!.getTime() - r.createdAt.getTime()).toBeGreaterThanOrEqual(3_600_000 - 1000);
    expect(r.closedAt!.getTime()).toBeLessThan(now);
  }
  expect(requests.filter((r) => !aged.includes(r)).every((r) => r.createdAt.getTime() > now - 600_000)).toBe(true);
  // Their outbox events moved with them, before any reached ClickHouse.
  const events = await db.incidentEvent.findMany({ where: { requestId: { in: aged.map((r) => r.id) } } });
  expect(events.filter((e) => e.shippedAt !== null || e.occurredAt.getTime() > now - 1_800_000)).toEqual([]);

  // The relay runs again: the reports show the history per day.
  await app.restartApp({ ANALYTICS_RELAY_INTERVAL_MS: '200' });
  await waitFor('events shipped', async () => (await db.incidentEvent.count({ where: { shippedAt: null } })) === 0, 60_000);
  const from = new Date(now - 30 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(now + 86_400_000).toISOString().slice(0, 10);
  // The reports read the pre-aggregated tables, which the refresher brings up to the shipped
  // events within a pass or two (ANALYTICS_ROLLUP_REFRESH_MS, 2 s): read until the history shows.
  type Summary = { requests: { completed: number }; incidentsPerDay: { opened: number }[] };
  const summary = await waitFor(
    'the history in the reports',
    async () => {
      const res = await fetch(`${app.url}/api/reports/summary?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${await tokenFor('admin')}` } });
      expect(res.status).toBe(200);
      const figures = (await res.json()) as Summary;
      return figures.requests.completed >= 33 && figures;
    },
    60_000,
    500,
  );
  expect(summary.requests.completed).toBeGreaterThanOrEqual(33);
  expect(summary.incidentsPerDay.filter((d) => d.opened > 0).length).toBeGreaterThanOrEqual(14);

  // A desk that has requests is left as it is.
  expect((await demoHistory()).stdout).toMatch(/already has requests/);
  expect(await db.serviceRequest.count()).toBe(55);
}, 600_000);
