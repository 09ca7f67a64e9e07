// The sync with Request Tracker (docs/sync.md): lag under a steady stream of changes and the
// backfill's throughput, each against raw REST2 calls to the same RT, in one run on one machine.
//   lag:      BENCH_SYNC_TICKETS tickets (60) made in RT by its operator, one every
//             BENCH_SYNC_INTERVAL_MS (1000), while the worker runs the sync (a pass a second):
//             from RT's answer to the link written here (SyncLink.createdAt, same clock), p50
//             and p99; baseline: a raw REST2 GET of each ticket just after it was made
//   backfill: BENCH_SYNC_BACKFILL tickets (200) made by raw REST2, 8 at a time (timed: the
//             baseline), then `node dist/scripts/sync-backfill.js rt` (timed): tickets a second
// Run with `BENCH_STAGES=sync npm run bench` (bench.sh starts RT and Redmine for this stage).
// Writes bench/results/sync-*.json.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { loadConfig } from '../infra/config';
import { ROOT, waitUntil, withAppAndWorker } from './processes';
import { keycloakToken } from './keycloakToken';
import { p50p99, pool, round } from './stats';
import { writeResult } from './results';

const TICKETS = Number(process.env.BENCH_SYNC_TICKETS ?? 60);
const INTERVAL_MS = Number(process.env.BENCH_SYNC_INTERVAL_MS ?? 1000);
const BACKFILL = Number(process.env.BENCH_SYNC_BACKFILL ?? 200);

const rtUrl = () => process.env.RT_URL!;
const rtToken = (file: string | undefined) => fs.readFileSync(file!, 'utf8').trim();

/** One raw REST2 call to RT with a token: its JSON answer. */
async function rt(token: string, method: string, path: string, body?: unknown): Promise<{ id?: string | number }> {
  const res = await fetch(`${rtUrl()}/REST/2.0/${path}`, {
    method,
    headers: { authorization: `token ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  return (await res.json()) as { id?: string | number };
}

const ticket = (subject: string) => ({ Subject: subject, Queue: 'General', Priority: 50, Status: 'new', Content: 'bench', ContentType: 'text/plain' });

async function main() {
  // The worker runs the sync's workflows, a pass a second (as in the sync tests).
  process.env.SYNC_ENABLED = 'true';
  process.env.SYNC_POLL_SECONDS = '1';
  const config = loadConfig();
  const sql = new pg.Pool({ connectionString: config.DATABASE_URL });
  const operator = rtToken(process.env.RT_OPERATOR_TOKEN_FILE);
  const sync = rtToken(process.env.RT_TOKEN_FILE);
  try {
    await withAppAndWorker(
      'sync',
      config,
      () => benchDepartment(config),
      (code) => measure(sql, operator, sync, code),
    );
  } finally {
    await sql.end();
  }
}

/** A department and service of the bench's own, mapped to RT's queue: its code. */
async function benchDepartment(config: ReturnType<typeof loadConfig>): Promise<string> {
  const admin = await keycloakToken(config.OIDC_ISSUER, 'admin');
  const call = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${config.PUBLIC_URL}${path}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { item: { id: string } };
  };
  const code = `bench-sync-${randomUUID().slice(0, 6)}`;
  const department = await call('POST', '/api/admin/departments', { code, name: 'Bench sync' });
  await call('POST', '/api/admin/services', {
    code: `${code}-svc`,
    name: 'Bench sync',
    serviceClass: 'sync',
    serviceType: code,
    departmentId: department.item.id,
  });
  for (const [kind, remote, local] of [
    ['queue', 'General', code],
    ['priority', '50', 'P3'],
    ['status', 'new', 'NEW'],
  ])
    await call('PUT', '/api/admin/sync/mappings', { system: 'rt', kind, remote, local });
  return code;
}

async function measure(sql: pg.Pool, operator: string, sync: string, code: string): Promise<void> {
  // The inbound workflow's first pass sets its cursor to now: tickets from then on are its.
  await waitUntil(
    'the inbound cursor set',
    async () => (await sql.query(`SELECT 1 FROM "SyncCursor" WHERE system = 'rt' AND cursor IS NOT NULL`)).rowCount === 1,
    120_000,
  );

  // Lag: a ticket every INTERVAL_MS by RT's operator, until each is linked here.
  const made: { id: string; at: number }[] = [];
  const rawGet: number[] = [];
  for (let i = 0; i < TICKETS; i++) {
    const t0 = Date.now();
    const created = await rt(operator, 'POST', 'ticket', ticket(`bench lag ${code} ${i}`));
    made.push({ id: String(created.id), at: Date.now() });
    const g0 = performance.now();
    await rt(operator, 'GET', `ticket/${created.id}`);
    rawGet.push(performance.now() - g0);
    await new Promise((r) => setTimeout(r, Math.max(0, INTERVAL_MS - (Date.now() - t0))));
  }
  const ids = made.map((m) => m.id);
  const linked = async () =>
    (
      await sql.query<{ remoteId: string; at: Date }>(`SELECT "remoteId", "createdAt" AS at FROM "SyncLink" WHERE system = 'rt' AND "remoteId" = ANY($1)`, [
        ids,
      ])
    ).rows;
  await waitUntil('every ticket linked', async () => (await linked()).length === TICKETS, 600_000);
  const links = new Map((await linked()).map((r) => [r.remoteId, r.at.getTime()]));
  const lag = made.map((m) => links.get(m.id)! - m.at);

  // Backfill: tickets made by the sync's own user (the live inbound pass takes them for its
  // echoes and leaves them, as tickets there before the sync began), by raw REST2, timed.
  const rawMs = await pool(BACKFILL, 8, async (i) => {
    await rt(sync, 'POST', 'ticket', ticket(`bench backfill ${code} ${i}`));
  });
  const b0 = performance.now();
  const out = execFileSync('node', ['dist/scripts/sync-backfill.js', 'rt'], { cwd: ROOT, env: process.env, stdio: 'pipe', maxBuffer: 64 << 20 }).toString();
  const backfillMs = performance.now() - b0;
  const backfill = JSON.parse(out.trim().split('\n').at(-1)!) as { seen: number; filed: number };
  const lagStats = p50p99(lag);
  const getStats = p50p99(rawGet);
  const rawPerSecond = (BACKFILL / rawMs) * 1000;
  const backfillPerSecond = (backfill.seen / backfillMs) * 1000;
  const result = {
    at: new Date().toISOString(),
    lag: {
      tickets: TICKETS,
      intervalMs: INTERVAL_MS,
      pollSeconds: 1,
      syncLagMs: lagStats,
      rawRestGetMs: getStats,
      ratioP50: round(lagStats.p50 / getStats.p50),
      ratioP99: round(lagStats.p99 / getStats.p99),
    },
    backfill: {
      tickets: BACKFILL,
      rawRestCreate: { ms: round(rawMs), perSecond: round(rawPerSecond) },
      backfill: { ms: round(backfillMs), seen: backfill.seen, filed: backfill.filed, perSecond: round(backfillPerSecond) },
      ratio: round(rawPerSecond / backfillPerSecond),
    },
  };
  writeResult('sync', result);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
