// Chaos: 100 requests in flight through every fault at once, then count what a person would
// notice. The order system is down (CHAOS_ORDER_OUTAGE_SECONDS: 120 under `npm run
// test:chaos`, 15 in the normal suite) while the API is killed with SIGKILL during the filings
// and comes back without ClickHouse, rows are left without their workflow, the worker is
// killed with SIGKILL, Temporal and PostgreSQL are restarted; the mail server is down while the
// first e-mails go out. Afterwards, from the database, the order system, the mail server and
// ClickHouse: requests lost 0, duplicate orders 0, duplicate notifications 0, analytics events
// lost 0 — printed and asserted.
import { randomUUID } from 'node:crypto';
import { api, tokenFor } from '../support/api';
import { openDb } from '../support/db';
import { APP_URL } from '../support/env';
import { mailServer, mails } from '../support/mail';
import { startOrderSystem, type OrderSystem } from '../support/orderSystem';
import { alive, killProcess, pidOf, restartPostgres, spawnProcess, stack, startApp, startWorker, unusedPort, waitFor } from '../support/processes';
import { OLGA, roomAtOlga } from '../support/agentRoom';

const OUTAGE_SECONDS = Number(process.env.CHAOS_ORDER_OUTAGE_SECONDS ?? 15);
const REQUESTS = 100;
const RUN = randomUUID().slice(0, 8);

const db = openDb();
roomAtOlga(db);
let orders: OrderSystem;
afterAll(async () => {
  await orders?.close();
  await db.$disconnect();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const step = (what: string) => console.log(`chaos ${RUN}: ${what}`);

/** Files like a careful client: the same Idempotency-Key again after a dropped connection or a 503, until it is answered. */
async function fileUntilAnswered(i: number): Promise<string> {
  const key = `chaos-${RUN}-${i}`;
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const res = await api(
        'olga',
        'POST',
        '/api/requests',
        { phone: '+74951230001', serviceCode: 'it-network', description: `Chaos ${RUN} #${i}` },
        { 'Idempotency-Key': key },
      );
      if (res.status === 201 || res.status === 200) return res.body.request.id as string;
      if (res.status !== 503) throw new Error(`filing ${i} answered ${res.status}: ${JSON.stringify(res.body)}`);
    } catch (error) {
      if (!/fetch failed|ECONNREFUSED|ECONNRESET|socket/i.test(String((error as Error).cause ?? error))) throw error;
    }
    await sleep(1000);
  }
  throw new Error(`filing ${i} was never answered`);
}

async function stopProcess(name: string, signal: NodeJS.Signals) {
  const pid = pidOf(name);
  killProcess(name, signal);
  await waitFor(`${name} to stop`, async () => !alive(pid), 30000);
}

const worker = () => startWorker('worker', { ORDER_PROVIDER: 'http', ORDER_HTTP_URL: orders.url });

test('every fault at once: nothing lost, nothing doubled', async () => {
  orders = await startOrderSystem();
  await tokenFor('olga');
  await tokenFor('sergey');
  // The main worker talks to this run's order system.
  await stopProcess('worker', 'SIGTERM');
  await worker();

  step(`order system down for ${OUTAGE_SECONDS} s`);
  orders.down = true;
  const outageEnds = Date.now() + OUTAGE_SECONDS * 1000;

  // 100 filings, ten at a time; a third of the way in, the API is killed with SIGKILL and comes
  // back with ClickHouse unreachable (its relay keeps the events in the outbox).
  const ids: string[] = [];
  let next = 0;
  const filer = async () => {
    while (next < REQUESTS) ids.push(await fileUntilAnswered(next++));
  };
  const filing = Promise.all(Array.from({ length: 10 }, filer));
  await waitFor('a third filed', async () => ids.length >= REQUESTS / 3, 120000, 50);
  step('API killed with SIGKILL during the filings; back without ClickHouse');
  await stopProcess('app', 'SIGKILL');
  spawnProcess('app', { CLICKHOUSE_URL: `http://127.0.0.1:${await unusedPort()}` });
  await waitFor('app back', async () => (await fetch(`${APP_URL}/api/health`)).status > 0, 60000);
  await filing;

  // Rows as the API leaves them when it dies between the commit and the workflow start.
  const client = await db.client.findUniqueOrThrow({ where: { phone: '+74951230001' } });
  const service = await db.service.findUniqueOrThrow({ where: { code: 'it-network' } });
  for (let i = 0; i < 5; i++) {
    const id = randomUUID();
    await db.serviceRequest.create({
      data: { id, workflowId: id, clientId: client.id, serviceId: service.id, channel: 'PHONE', description: `Chaos ${RUN} orphan ${i}`, createdById: OLGA },
    });
    ids.push(id);
  }

  step('worker killed with SIGKILL with the processes in flight');
  await stopProcess('worker', 'SIGKILL');
  await worker();
  step('Temporal restarted');
  stack('stop', 'temporal');
  stack('start', 'temporal');
  step('PostgreSQL restarted');
  await db.$disconnect(); // this test's own connections reconnect after the restart
  await restartPostgres();

  await sleep(Math.max(0, outageEnds - Date.now()));
  step('order system back; mail server down while the first e-mails go out');
  mailServer('stop');
  orders.down = false;
  await waitFor('some incidents', async () => (await db.incident.count({ where: { requestId: { in: ids } } })) >= 10, 300000, 500);
  await sleep(5000);
  mailServer('start');
  step('ClickHouse back (the API restarted by SIGTERM, drained)');
  await stopProcess('app', 'SIGTERM');
  await startApp();

  // Every request reaches its incident.
  await waitFor('every incident', async () => (await db.incident.count({ where: { requestId: { in: ids } } })) === ids.length, 600000, 1000);
  const incidents = await db.incident.findMany({ where: { requestId: { in: ids } }, select: { id: true } });
  // Every "registered" e-mail (the NEW status message to the client) arrives.
  await waitFor(
    'every registered e-mail recorded',
    async () => (await db.notification.count({ where: { incidentId: { in: incidents.map((i) => i.id) }, template: 'status' } })) >= ids.length,
    300000,
    1000,
  );
  // Every event of these requests is shipped.
  await waitFor('the outbox shipped', async () => (await db.incidentEvent.count({ where: { requestId: { in: ids }, shippedAt: null } })) === 0, 300000, 1000);

  // Count.
  const rows = await db.serviceRequest.findMany({ where: { id: { in: ids } }, include: { incident: true } });
  const requestsLost = ids.length - rows.filter((r) => r.incident !== null && r.status === 'IN_PROGRESS').length;
  const ordersOf = new Map<string, number>();
  for (const o of orders.orders.values()) ordersOf.set(o.requestId, (ordersOf.get(o.requestId) ?? 0) + 1);
  const duplicateOrders = ids.reduce((n, id) => n + Math.max(0, (ordersOf.get(id) ?? 0) - 1), 0);
  // Each incident runs on the one order the system made for its request.
  for (const r of rows) expect(r.externalOrderId).toBe([...orders.orders.values()].find((o) => o.requestId === r.id)?.id);
  const keys = new Set(
    (await db.notification.findMany({ where: { incidentId: { in: incidents.map((i) => i.id) } }, select: { key: true } })).map((n) => n.key),
  );
  const delivered = new Map<string, number>();
  for (const m of await mails()) if (keys.has(m.key)) delivered.set(m.key, (delivered.get(m.key) ?? 0) + 1);
  const emailKeys = [...keys].filter((k) => delivered.has(k));
  const duplicateNotifications = [...delivered.values()].reduce((n, c) => n + (c - 1), 0);
  let analyticsLost = 0;
  for (const id of ids) {
    // Events the outbox marks shipped (ones written after the wait above may still be on their way).
    const outbox = (await db.incidentEvent.findMany({ where: { requestId: id, shippedAt: { not: null } }, select: { id: true } })).map((e) => e.id);
    const stored = new Set(((await api('sergey', 'GET', `/api/analytics/events?requestId=${id}`)).body.items as { event_id: string }[]).map((e) => e.event_id));
    analyticsLost += outbox.filter((e) => !stored.has(e)).length;
  }
  console.log(
    `chaos ${RUN} (${ids.length} requests, ${emailKeys.length} e-mails, order outage ${OUTAGE_SECONDS} s): ` +
      `requests lost ${requestsLost}, duplicate orders ${duplicateOrders}, duplicate notifications ${duplicateNotifications}, analytics events lost ${analyticsLost}`,
  );
  expect({ requestsLost, duplicateOrders, duplicateNotifications, analyticsLost }).toEqual({
    requestsLost: 0,
    duplicateOrders: 0,
    duplicateNotifications: 0,
    analyticsLost: 0,
  });
  expect(emailKeys.length).toBeGreaterThanOrEqual(ids.length);

  // Leave the stack as the other suites expect it: the incidents resolved, the default worker.
  for (let i = 0; i < incidents.length; i += 10) {
    await Promise.all(incidents.slice(i, i + 10).map((inc) => api('olga', 'POST', `/api/incidents/${inc.id}/resolve`, { resolution: 'Chaos over' })));
  }
  await waitFor(
    'the requests closed',
    async () => (await db.serviceRequest.count({ where: { id: { in: ids }, status: 'CLOSED' } })) === ids.length,
    120000,
    1000,
  );
  await stopProcess('worker', 'SIGTERM');
  await startWorker();
}, 1_800_000);
