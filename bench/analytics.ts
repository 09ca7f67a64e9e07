// Analytics at 10 million events (issue 5), on an embedded chDB store of its own
// ($DATA_DIR/bench-chdb, created fresh with the project's ClickHouse migrations):
//   load:    a year of events generated in SQL, INSERT ... SELECT into incident_events (the
//            views fire) beside the same rows into a plain MergeTree table
//   ingest:  the newest 1,000,000 events through the relay's writer beside a raw insert
//   rollups: the pre-aggregated tables filled from every event; a relay batch's refresh
//   panels:  every ClickHouse query of the supervisor and analyst dashboards, 30 days and a
//            year, all departments and one, beside a count of the period's events and a raw
//            scan of the pre-aggregated table's rows of the period
//   reports: summary() and the same SQL sent directly; then, with the loader's connection
//            closed, the app (dist/api/main.js) owning the store, GET /api/reports/summary
// Run with `npm run bench` (scripts/bench.sh) or alone: `node dist/bench/analytics.js` on a stack.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../infra/config';
import { createAnalyticsClient } from '../infra/clickhouse';
import { migrateAnalytics } from '../analytics/migrations';
import { ensureDepartments } from './analyticsDepartments';
import { loadEvents } from './analyticsLoad';
import { measureIngest } from './analyticsIngest';
import { measurePanels, type PanelScope } from './analyticsPanels';
import { measureRollups } from './analyticsRollups';
import { measureSummary, measureSummaryHttp, type ReportScope } from './analyticsReports';
import { keycloakToken } from './keycloakToken';
import { ROOT, start, waitUntil } from './processes';
import { writeResult } from './results';
import { round } from './stats';

const EVENTS = Number(process.env.BENCH_ANALYTICS_EVENTS ?? 10_000_000);
const WRITER_ROWS = Number(process.env.BENCH_ANALYTICS_WRITER_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_ANALYTICS_RUNS ?? 20);
const PANEL_BUDGET_MS = Number(process.env.BENCH_ANALYTICS_PANEL_BUDGET_MS ?? 8_000);
const DEPARTMENTS = 50;
const log = (s: string) => console.log(`[analytics] ${s}`);

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

async function main() {
  const config = loadConfig();
  const database = config.CLICKHOUSE_DATABASE;
  const dir = path.join(process.env.DATA_DIR ?? path.join(ROOT, '.data/bench'), 'bench-chdb');
  fs.rmSync(dir, { recursive: true, force: true });
  const sql = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
  const departments = await ensureDepartments(sql, DEPARTMENTS);
  await sql.end();

  const ch = createAnalyticsClient({ ...config, CLICKHOUSE_URL: '', CHDB_PATH: dir });
  await migrateAnalytics(ch, database);
  const value = async (query: string) =>
    Number(Object.values((await (await ch.query({ query, format: 'JSONEachRow' })).json<Record<string, unknown>>())[0]!)[0]);
  const t0 = performance.now();
  const load = await loadEvents(
    ch,
    database,
    departments.map((d) => d.id),
    EVENTS,
    WRITER_ROWS,
    log,
  );
  log(`bulk load: ${load.bulk.withViews.seconds} s with views, ${load.bulk.plain.seconds} s plain; writer and raw insert of ${WRITER_ROWS} rows`);
  const ingest = await measureIngest(ch, database, load.cutoffMs, log);
  await ch.command({ query: `DROP TABLE ${database}.bench_source SYNC` });
  await ch.command({ query: `DROP TABLE ${database}.bench_plain SYNC` });
  const loadSeconds = round((performance.now() - t0) / 1000);
  // Let background merges settle, as they would between a day's loads and a supervisor's look.
  const t1 = performance.now();
  while (performance.now() - t1 < 180_000 && (await value('SELECT count() FROM system.merges')) > 0) await new Promise((r) => setTimeout(r, 1000));
  const store = {
    events: await value(`SELECT count() FROM ${database}.incident_events`),
    requests: await value(`SELECT count() FROM ${database}.request_outcomes FINAL`),
    eventsDailyRows: await value(`SELECT count() FROM ${database}.events_daily`),
    agentDailyRows: await value(`SELECT count() FROM ${database}.agent_daily`),
    activeParts: await value(`SELECT count() FROM system.parts WHERE database = '${database}' AND table = 'incident_events' AND active`),
    mergeWaitSeconds: round((performance.now() - t1) / 1000),
  };
  log(`store: ${JSON.stringify(store)}`);
  const rollups = await measureRollups(ch, database, RUNS, log);

  // The busiest department (the generator skews towards the first).
  const busiest = departments[0]!;
  const departmentShare = round((await value(`SELECT countIf(department_id = '${busiest.id}') / count() FROM ${database}.incident_events`)) * 100);
  const panelScopes = [30, 365].flatMap((days): PanelScope[] => [
    { label: `${days} days, All`, days, variables: {} },
    { label: `${days} days, ${busiest.code}`, days, variables: { department: [busiest.id] } },
  ]);
  const reportScopes: ReportScope[] = [30, 365].flatMap((days) => [
    { label: `${days} days, All`, from: day(days - 1), to: day(0), department: null },
    { label: `${days} days, ${busiest.code}`, from: day(days - 1), to: day(0), department: busiest },
  ]);
  log('dashboard panels');
  const panels = await measurePanels(ch, panelScopes, RUNS, PANEL_BUDGET_MS, log);
  log('reports summary, direct');
  const direct = await measureSummary(ch, database, reportScopes, RUNS);
  await ch.close();

  log('reports summary through the app');
  // The app owns the store now; its relay waits an hour, so no outbox event of the stack's
  // database is shipped into (and lost to) the benchmark's store.
  Object.assign(process.env, { CLICKHOUSE_URL: '', CHDB_PATH: dir, ANALYTICS_RELAY_INTERVAL_MS: '3600000' });
  const app = start('dist/api/main.js', 'bench-analytics-app');
  const exited = new Promise((resolve) => app.once('exit', resolve));
  const http = await (async () => {
    try {
      await waitUntil('app health', async () => (await fetch(`${config.PUBLIC_URL}/api/health`)).ok, 120_000);
      return await measureSummaryHttp(config.PUBLIC_URL, await keycloakToken(config.OIDC_ISSUER, 'admin'), reportScopes, RUNS);
    } finally {
      app.kill();
      await exited;
    }
  })();
  const reports = direct.map((d, i) => ({
    ...d,
    api: http[i]!.api,
    ratios: {
      apiToDirectP50: round(http[i]!.api.p50 / d.direct.p50, 2),
      apiToDirectP99: round(http[i]!.api.p99 / d.direct.p99, 2),
      summaryToDirectP99: round(d.summary.p99 / d.direct.p99, 2),
    },
  }));
  const result = {
    at: new Date().toISOString(),
    data: { events: load.events, requests: load.requests, departments: DEPARTMENTS, busiest: { code: busiest.code, sharePercent: departmentShare } },
    runs: RUNS,
    load: { ...load, totalSeconds: loadSeconds },
    store,
    ingest,
    rollups,
    panels,
    reports,
  };
  writeResult('analytics', result);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
