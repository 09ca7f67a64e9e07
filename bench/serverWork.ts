// Server work per request (issue 18, item 1): the Temporal history events, activity tasks and
// workflow tasks one request costs from filing to closing on the normal path (filed through the
// API, assigned, started, resolved, closed), counted from the real histories the server keeps
// (WorkflowService.GetWorkflowExecutionHistory). Each event is a write of the server's store,
// and each activity or workflow task a round trip of a worker through it, so these counts are
// what the server does per request, whatever the machine.
// Run with `BENCH_STAGES=work npm run bench`. Writes bench/results/server-work-*.json.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import pg from 'pg';
import { loadConfig } from '../infra/config';
import { stateQuery, transitionUpdate } from '../workflows/serviceRequest';
import type { TransitionInput } from '../domain/process/types';
import { keycloakToken } from './keycloakToken';
import { ROOT, start, waitUntil } from './processes';
import { writeResult } from './results';
import { percentile, pool } from './stats';

const REQUESTS = Number(process.env.BENCH_WORK_REQUESTS ?? 20);
const GOAL_EVENTS = 40;

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Every event of a run's history, page by page. */
async function history(client: Client, workflowId: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId },
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

/** What a history holds: its events, and the tasks, timers, markers and upserts among them. */
export function countHistory(events: HistoryEvent[]) {
  const activityTypes: Record<string, number> = {};
  for (const e of events) {
    const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
    if (name) activityTypes[name] = (activityTypes[name] ?? 0) + 1;
  }
  const count = (has: (e: HistoryEvent) => unknown) => events.filter((e) => has(e)).length;
  return {
    events: events.length,
    activityTasks: count((e) => e.activityTaskScheduledEventAttributes),
    workflowTasks: count((e) => e.workflowTaskScheduledEventAttributes),
    localActivityMarkers: count((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity'),
    patchMarkers: count((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch'),
    timersStarted: count((e) => e.timerStartedEventAttributes),
    searchAttributeUpserts: count((e) => e.upsertWorkflowSearchAttributesEventAttributes),
    updates: count((e) => e.workflowExecutionUpdateAcceptedEventAttributes),
    activityTypes,
  };
}

const summary = (values: number[]) => ({ min: Math.min(...values), p50: percentile(values, 50), max: Math.max(...values) });

async function main() {
  const config = loadConfig();
  const appUrl = config.PUBLIC_URL;
  const worker = start('dist/worker/main.js', 'bench-work-worker');
  const app = start('dist/api/main.js', 'bench-work-app');
  const sql = new pg.Pool({ connectionString: config.DATABASE_URL, max: 4 });
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  try {
    await waitUntil('app health', async () => (await fetch(`${appUrl}/api/health`)).ok);
    const operator = await keycloakToken(config.OIDC_ISSUER, 'olga');
    const runs: ReturnType<typeof countHistory>[] = [];
    const notificationsSent: number[] = [];
    // One request at a time, as an agent works it: each count is one request's alone.
    await pool(REQUESTS, 1, async () => {
      const res = await fetch(`${appUrl}/api/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ phone: '+74951230001', serviceCode: 'it-laptop', description: `bench server work ${randomUUID()}` }),
      });
      const body = (await res.json()) as { request?: { id: string } };
      if (res.status !== 201 || !body.request) throw new Error(`filing answered ${res.status}`);
      const requestId = body.request.id;
      const handle = client.workflow.getHandle(requestId);
      const step = (t: TransitionInput) => handle.executeUpdate(transitionUpdate, { args: [t] });
      // Opened and given to a free agent (the desk is fresh, so one is free: the normal path).
      await waitUntil('the incident assigned', async () => (await handle.query(stateQuery)).status === 'ASSIGNED', 60000);
      for (const action of ['start', 'resolve', 'close'] as const) await step({ action, actorId: 'bench' });
      await handle.result();
      runs.push(countHistory(await history(client, requestId)));
      // The messages the request sent (delivered under their keys), once their count holds for 3 s.
      const { incidentId } = await handle.query(stateQuery);
      const delivered = async () => Number((await sql.query('SELECT count(*) FROM "Notification" WHERE "incidentId" = $1', [incidentId])).rows[0].count);
      let last = -1;
      let since = Date.now();
      await waitUntil('notifications delivered', async () => {
        const n = await delivered();
        if (n !== last) [last, since] = [n, Date.now()];
        return n > 0 && Date.now() - since >= 3000;
      });
      notificationsSent.push(last);
    });
    const events = runs.map((r) => r.events);
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      settings: { requests: REQUESTS, path: 'filed -> (auto-)assigned -> start -> resolve -> close' },
      perRequest: {
        events: summary(events),
        activityTasks: summary(runs.map((r) => r.activityTasks)),
        workflowTasks: summary(runs.map((r) => r.workflowTasks)),
        localActivityMarkers: summary(runs.map((r) => r.localActivityMarkers)),
        patchMarkers: summary(runs.map((r) => r.patchMarkers)),
        timersStarted: summary(runs.map((r) => r.timersStarted)),
        searchAttributeUpserts: summary(runs.map((r) => r.searchAttributeUpserts)),
        updates: summary(runs.map((r) => r.updates)),
        notificationsDelivered: summary(notificationsSent),
      },
      activityTypesOfTheLastRequest: runs.at(-1)?.activityTypes,
      goals: { [`at most ${GOAL_EVENTS} history events per request`]: Math.max(...events) <= GOAL_EVENTS },
    };
    const out = writeResult('server-work', result);
    console.log(`written to ${path.relative(ROOT, out)}`);
  } finally {
    app.kill('SIGTERM');
    worker.kill('SIGTERM');
    await sql.end();
    await connection.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
