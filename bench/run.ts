// Benchmark of the request path, each figure beside a baseline measured in the same run on the
// same machine: raw SQL inserts, raw Temporal starts of an empty workflow, raw starts of a workflow of
// one activity until the activity ran (the shape of filed -> order), raw workflow updates.
//   intake:  POST /api/requests -> request row + workflow started -> order created (built-in provider)
//   update:  POST /api/incidents/:id/transitions (setPriority) -> Temporal update -> DB -> response,
//            right behind the burst and again once the desk is quiet
// Run with `npm run bench` (scripts/bench.sh starts its own stack). Writes bench/results/*.json.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import pg from 'pg';
import { loadConfig } from '../infra/config';
import { transitionUpdate } from '../workflows/serviceRequest';
import { percentile, pool, round } from './stats';
import { ROOT, start, waitUntil } from './processes';
import { keycloakToken } from './keycloakToken';
import { writeResult } from './results';
import { benchStepActivities } from './benchStep';

const N = Number(process.env.BENCH_REQUESTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 300);
const UPDATE_CONCURRENCY = Number(process.env.BENCH_UPDATE_CONCURRENCY ?? 4);

async function main() {
  const config = loadConfig();
  const appUrl = config.PUBLIC_URL;
  // BENCH_WORKER_AFTER_ACCEPT=1: the worker starts once every request is accepted, so the HTTP
  // accept has the cores to itself (what the API and the start cost alone); filed -> order is
  // then a backlog drained, not a rate of the intake.
  const workerLater = process.env.BENCH_WORKER_AFTER_ACCEPT === '1';
  let worker = workerLater ? null : start('dist/worker/main.js', 'bench-worker');
  const app = start('dist/api/main.js', 'bench-app');
  const sql = new pg.Pool({ connectionString: config.DATABASE_URL, max: CONCURRENCY });
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const stepRan = new Map<string, number>();
  const emptyWorker = await Worker.create({
    connection: await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }),
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: 'bench-empty',
    workflowsPath: require.resolve('./emptyWorkflow'),
    activities: benchStepActivities(stepRan),
  });
  const emptyRunning = emptyWorker.run();
  try {
    await waitUntil('app health', async () => (await fetch(`${appUrl}/api/health`)).ok);
    const operator = await keycloakToken(config.OIDC_ISSUER, 'olga');
    const supervisor = await keycloakToken(config.OIDC_ISSUER, 'sergey');
    const file = (key: string) =>
      fetch(`${appUrl}/api/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ phone: '+74951230001', serviceCode: 'it-laptop', description: `bench ${key}` }),
      });
    // Warm-up: JIT, connection pools, Keycloak keys, workflow bundle.
    await pool(30, 8, async () => void (await (await file(`warm-${randomUUID()}`)).text()));
    await Promise.all(
      Array.from({ length: 30 }, () => client.workflow.execute('benchEmptyWorkflow', { taskQueue: 'bench-empty', workflowId: `warm-${randomUUID()}` })),
    );

    // Baseline 1: raw SQL inserts of a row as wide as a request, same concurrency.
    await sql.query('CREATE TABLE IF NOT EXISTS bench_raw (id uuid PRIMARY KEY, description text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
    const sqlMs = await pool(
      N,
      CONCURRENCY,
      async () => void (await sql.query('INSERT INTO bench_raw (id, description) VALUES ($1, $2)', [randomUUID(), 'bench raw'])),
    );

    // Baseline 2: raw Temporal starts of an empty workflow, same concurrency.
    const startLatency: number[] = [];
    const startMs = await pool(N, CONCURRENCY, async () => {
      const t = performance.now();
      await client.workflow.start('benchEmptyWorkflow', { taskQueue: 'bench-empty', workflowId: `bench-${randomUUID()}` });
      startLatency.push(performance.now() - t);
    });

    // Baseline 3: the shape of filed -> order with nothing of ours (bench/emptyWorkflow.ts): starts
    // at the same concurrency until each run's one activity has run.
    const stepSent = new Map<string, number>();
    const s0 = Date.now();
    await pool(N, CONCURRENCY, async () => {
      const key = randomUUID();
      stepSent.set(key, Date.now());
      await client.workflow.start('benchOneStepWorkflow', { taskQueue: 'bench-empty', workflowId: `bench-step-${key}`, args: [key] });
    });
    await waitUntil('every baseline step ran', async () => [...stepSent.keys()].every((k) => stepRan.has(k)), 600000);
    const steps = [...stepSent].map(([k, sentAt]) => ({ sentAt, ranAt: stepRan.get(k)! }));
    const toStep = steps.map((st) => st.ranAt - st.sentAt);
    const stepRate = N / ((Math.max(...steps.map((st) => st.ranAt)) - s0) / 1000);

    // The request path: filed through the API until the order exists.
    const sent = new Map<string, number>();
    const httpLatency: number[] = [];
    let rejected = 0;
    const t0 = Date.now();
    const intakeMs = await pool(N, CONCURRENCY, async () => {
      const before = Date.now();
      const t = performance.now();
      const res = await file(randomUUID());
      const body = (await res.json()) as { request?: { id: string } };
      httpLatency.push(performance.now() - t);
      if (res.status !== 201 || !body.request) rejected++;
      else sent.set(body.request.id, before);
    });
    const ids = [...sent.keys()];
    worker ??= start('dist/worker/main.js', 'bench-worker');
    let orders: { requestId: string; createdAt: Date }[] = [];
    await waitUntil(
      'every order created',
      async () => {
        orders = (await sql.query('SELECT "requestId", "createdAt" FROM "ExternalOrder" WHERE "requestId" = ANY($1::uuid[])', [ids])).rows;
        return orders.length === ids.length;
      },
      600000,
    );
    const toOrder = orders.map((o) => o.createdAt.getTime() - sent.get(o.requestId)!);
    const lastOrder = Math.max(...orders.map((o) => o.createdAt.getTime()));
    const intakeRate = ids.length / ((lastOrder - t0) / 1000);

    // State changes through the workflow update, via the API and raw through the client: once
    // right behind the burst (the worker still works through the rest of 1000 processes), and
    // once when the desk is quiet (nothing changed for a few seconds), as an agent works.
    const incidents = (
      await sql.query('SELECT id, "requestId" FROM "Incident" WHERE "requestId" = ANY($1::uuid[]) AND status <> \'CLOSED\' LIMIT $2', [ids, UPDATES * 4])
    ).rows as { id: string; requestId: string }[];
    const updates = async (batch: { id: string; requestId: string }[]) => {
      const api: number[] = [];
      let errors = 0;
      const half = Math.floor(batch.length / 2);
      await pool(half, UPDATE_CONCURRENCY, async (i) => {
        const t = performance.now();
        const res = await fetch(`${appUrl}/api/incidents/${batch[i]!.id}/transitions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'application/json' },
          body: JSON.stringify({ action: 'setPriority', priority: 'P2' }),
        });
        await res.text();
        api.push(performance.now() - t);
        if (!res.ok) errors++;
      });
      const raw: number[] = [];
      await pool(batch.length - half, UPDATE_CONCURRENCY, async (i) => {
        const t = performance.now();
        await client.workflow
          .getHandle(batch[half + i]!.requestId)
          .executeUpdate(transitionUpdate, { args: [{ action: 'setPriority', priority: 'P2', actorId: 'bench' }] });
        raw.push(performance.now() - t);
      });
      return { api, raw, errors };
    };
    const busy = await updates(incidents.slice(0, UPDATES * 2));
    await waitUntilQuiet(sql);
    const quiet = await updates(incidents.slice(UPDATES * 2));
    const apiUpdate = quiet.api;
    const rawUpdate = quiet.raw;
    const updateErrors = busy.errors + quiet.errors;

    const sqlRate = N / (sqlMs / 1000);
    const acceptRate = ids.length / (intakeMs / 1000);
    const startRate = N / (startMs / 1000);
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      settings: {
        requests: N,
        concurrency: CONCURRENCY,
        updates: UPDATES,
        updateConcurrency: UPDATE_CONCURRENCY,
        temporal: process.env.BENCH_TEMPORAL ?? 'dev',
        workerAfterAccept: workerLater,
      },
      baseline: {
        rawSqlInsertsPerSecond: round(sqlRate),
        rawTemporalStartsPerSecond: round(startRate),
        rawStartP50Ms: round(percentile(startLatency, 50)),
        rawStartP99Ms: round(percentile(startLatency, 99)),
        rawOneStepPerSecond: round(stepRate),
        rawOneStepP50Ms: round(percentile(toStep, 50)),
        rawOneStepP99Ms: round(percentile(toStep, 99)),
        rawUpdateP50Ms: round(percentile(rawUpdate, 50)),
        rawUpdateP99Ms: round(percentile(rawUpdate, 99)),
      },
      intake: {
        accepted: ids.length,
        rejected,
        httpAcceptedPerSecond: round(acceptRate),
        filedToOrderPerSecond: round(intakeRate),
        httpP50Ms: round(percentile(httpLatency, 50)),
        httpP99Ms: round(percentile(httpLatency, 99)),
        filedToOrderP50Ms: round(percentile(toOrder, 50)),
        filedToOrderP99Ms: round(percentile(toOrder, 99)),
      },
      update: {
        count: apiUpdate.length,
        errors: updateErrors,
        apiP50Ms: round(percentile(apiUpdate, 50)),
        apiP99Ms: round(percentile(apiUpdate, 99)),
        behindTheBurst: {
          count: busy.api.length,
          apiP50Ms: round(percentile(busy.api, 50)),
          apiP99Ms: round(percentile(busy.api, 99)),
          rawP50Ms: round(percentile(busy.raw, 50)),
          rawP99Ms: round(percentile(busy.raw, 99)),
        },
      },
      ratios: {
        intakeToRawTemporalStart: round(intakeRate / startRate, 2),
        intakeToRawOneStep: round(intakeRate / stepRate, 2),
        httpAcceptToRawTemporalStart: round(acceptRate / startRate, 2),
        intakeToRawSql: round(intakeRate / sqlRate, 3),
        updateP99ToRawUpdateP99: round(percentile(apiUpdate, 99) / percentile(rawUpdate, 99), 2),
      },
      goals: {
        'intake >= 0.8 of raw start rate': intakeRate / startRate >= 0.8,
        'filed -> order >= 50 requests/s': intakeRate >= 50,
        'HTTP accepted >= 100 requests/s': acceptRate >= 100,
        'update p99 < 100 ms': percentile(apiUpdate, 99) < 100,
      },
    };
    const out = writeResult('bench', result);
    console.log(`written to ${path.relative(ROOT, out)}`);
  } finally {
    emptyWorker.shutdown();
    await emptyRunning.catch(() => undefined);
    app.kill('SIGTERM');
    worker?.kill('SIGTERM');
    await sql.end();
    await connection.close();
  }
}

/** Waits until no incident has changed and no notification or lifecycle event was written for five seconds. */
async function waitUntilQuiet(sql: pg.Pool): Promise<void> {
  const fingerprint = async () =>
    JSON.stringify(
      (
        await sql.query(
          `SELECT (SELECT max("updatedAt") FROM "Incident") AS i, (SELECT count(*) FROM "NotificationAttempt") AS n, (SELECT count(*) FROM "IncidentEvent") AS e`,
        )
      ).rows[0],
    );
  let last = await fingerprint();
  let since = Date.now();
  for (const deadline = Date.now() + 600_000; Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await fingerprint();
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since >= 5000) return;
  }
  throw new Error('the desk never went quiet');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
