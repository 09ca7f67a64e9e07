// The pre-aggregated tables (analytics/rollups.ts) give every dashboard panel and the reports
// API exactly the figures their queries over the raw events gave: each old query (kept here as
// it was) runs beside its new one on the real ClickHouse engine (chDB with the migrations), for
// 30 days and a year, all departments, one and two, and channel and priority filters; after a
// first delivery, after the same batch delivered again and an overlapping re-delivery, after
// late events of older months, and after a refill of every event (analytics/backfill.ts). The
// batches are refreshed as the relay's refresher does it: marked on delivery, several batches'
// marks recomputed in one pass (analytics/rollupRefresher.ts), a failed pass retried.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Analytics } from '../../infra/clickhouse';
import { migratedChdb } from '../support/chdb';
import { batchToken } from '../../analytics/batchToken';
import { rebuildAll, touchedBy } from '../../analytics/rollups';
import { MarkSequence, markTouched } from '../../analytics/rollupMarks';
import { refreshMarked } from '../../analytics/rollupRefresher';
import { summaryQueries } from '../../analytics/reports';
import { expandSql, loadDashboards, variableQueries, type Expansion } from '../../dashboards/queries';
import { ROOT } from '../support/env';
import { LEGACY_PANELS, LEGACY_VARIABLES, legacyReportQueries } from './legacyAnalytics';

const database = 'incident_desk';
let ch: Analytics;
const dashboards = loadDashboards(path.join(ROOT, 'dashboards'));
const panelSql = (title: string) =>
  dashboards.flatMap((d) => d.json.panels).find((p) => p.title === title || (title.startsWith('Resolution') && p.title.startsWith('Resolution')))!.targets[0]!
    .rawSql!;

beforeAll(async () => {
  ch = await migratedChdb('rollups', database);
});
afterAll(async () => {
  await ch?.close();
});

const D1 = '00000000-0000-4000-8000-00000000f001';
const D2 = '00000000-0000-4000-8000-00000000f002';
const CLIENTS = [randomUUID(), randomUUID(), randomUUID()];
const ASSETS = [randomUUID(), randomUUID()];
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60000);
const DAY = 1440;

type Row = Record<string, unknown> & { event_id: string; occurred_at: string; incident_id: string | null };

/** One request's life: filed, its incident opened, assigned, perhaps breached, closed. */
function request(n: number, filedMinutesAgo: number, lifeMinutes: number, open: boolean): Row[] {
  const department = [D1, D2, null][n % 3]!;
  const channel = ['PHONE', 'EMAIL', 'WEB'][n % 3]!;
  const priority = ['P1', 'P2', 'P3', 'P4'][n % 4]!;
  const requestId = randomUUID();
  const incidentId = randomUUID();
  const agent = `agent-${n % 4}`;
  const event = (type: string, minutesAgo: number, extra: Record<string, unknown> = {}): Row => ({
    event_id: randomUUID(),
    type,
    request_id: requestId,
    incident_id: type === 'request.filed' ? null : incidentId,
    department_id: department,
    service_id: '00000000-0000-4000-8000-00000000a003',
    channel,
    priority,
    actor_id: agent,
    client_id: CLIENTS[n % 3],
    asset_id: n % 2 ? ASSETS[n % 4 > 1 ? 1 : 0] : null,
    service_class: ['it', 'facilities'][n % 2],
    service_type: ['laptop', 'network', 'desk'][n % 3],
    problem_type: ['', 'broken', 'slow'][n % 3],
    assignee_id: ['incident.assigned', 'sla.breach', 'sla.warning', 'incident.closed', 'request.closed'].includes(type) ? agent : '',
    occurred_at: at(minutesAgo).toISOString().replace('T', ' ').replace('Z', ''),
    ...extra,
  });
  const end = filedMinutesAgo - lifeMinutes;
  const events = [event('request.filed', filedMinutesAgo), event('incident.opened', filedMinutesAgo - 1), event('incident.assigned', filedMinutesAgo - 2)];
  if (n % 5 === 0) events.push(event('incident.assigned', filedMinutesAgo - 3, { assignee_id: `agent-${(n + 1) % 4}` }));
  if (n % 3 === 1) events.push(event('sla.warning', filedMinutesAgo - lifeMinutes / 3));
  if (n % 4 === 1) events.push(event('sla.breach', filedMinutesAgo - lifeMinutes / 2));
  if (!open) {
    const seconds = Math.round(lifeMinutes * 60);
    events.push(
      event('incident.closed', end),
      event('request.closed', end, {
        seconds_since_filed: seconds,
        resolution_seconds: n % 6 ? seconds - 30 : null,
        close_reason: n % 7 ? 'resolved' : 'cancelled',
        sla_breached: n % 4 === 1 ? 1 : 0,
      }),
    );
  }
  return events;
}

const seqs = new MarkSequence();

/** Written as the relay writes a batch (its deduplication token), then what it touched marked. */
async function deliver(rows: Row[]) {
  await ch.insert({
    table: `${database}.incident_events`,
    format: 'JSONEachRow',
    values: rows,
    clickhouse_settings: {
      date_time_input_format: 'best_effort',
      insert_deduplication_token: batchToken(rows.map((r) => ({ id: r.event_id }))),
      deduplicate_blocks_in_dependent_materialized_views: 1,
    },
  });
  await markTouched(ch, database, seqs, touchedBy(rows.map((r) => ({ occurredAt: new Date(`${r.occurred_at}Z`), incidentId: r.incident_id }))));
}

const marks = async () => Number((await rowsOf(`SELECT count() AS n FROM ${database}.rollup_dirty`))[0]!.n);

/** The refresher's pass over every batch marked since the last one; none left marked after it. */
async function refresh() {
  await refreshMarked(ch, database, seqs);
  expect(await marks()).toBe(0);
}

const scopes = [30, 365].flatMap((days): Expansion[] => [
  { days },
  { days, variables: { department: [D1] } },
  { days, variables: { department: [D1, D2] } },
  { days, variables: { channel: ['PHONE'], priority: ['P1', 'P2'] } },
  { days, variables: { department: [D2], channel: ['EMAIL', 'WEB'] } },
]);

/** Numbers as numbers (UInt64 may arrive as strings), floats to 9 significant digits. */
const normal = (rows: Record<string, unknown>[]) =>
  rows
    .map((r) => JSON.stringify(Object.values(r).map((v) => (v !== null && v !== '' && !Number.isNaN(Number(v)) ? Number(Number(v).toPrecision(9)) : v))))
    .sort();
const rowsOf = async (query: string, params: Record<string, unknown> = {}) =>
  (await ch.query({ query, query_params: params, format: 'JSONEachRow' })).json<Record<string, unknown>>();

/** Every panel's old and new query in one statement (the same now()), per scope. */
async function panelsSideBySide() {
  const out: string[] = [];
  for (const scope of scopes) {
    for (const [title, old] of Object.entries(LEGACY_PANELS)) {
      const both = `SELECT 'old' AS q_, * FROM (${expandSql(old, scope)}) UNION ALL SELECT 'new' AS q_, * FROM (${expandSql(panelSql(title), scope)})`;
      const rows = await rowsOf(both);
      const of = (q: string) => normal(rows.filter((r) => r.q_ === q).map(({ q_: _q, ...r }) => r));
      expect({ scope, title, rows: of('new') }).toEqual({ scope, title, rows: of('old') });
      out.push(`${JSON.stringify(scope)} ${title}: ${of('new').join(' ')}`);
    }
  }
  return out;
}

/** Every dashboard variable's values from event_dimensions, beside its SELECT DISTINCT over the events. */
async function variablesSideBySide() {
  const variables = variableQueries(dashboards);
  expect(variables.length).toBeGreaterThan(0);
  for (const v of variables) {
    const name = v.panel.replace('variable ', '');
    expect({ v, sql: v.rawSql }).toEqual({ v, sql: expect.stringContaining('event_dimensions') });
    const [o, n] = [normal(await rowsOf(LEGACY_VARIABLES[name]!)), normal(await rowsOf(v.rawSql))];
    expect({ name, rows: n }).toEqual({ name, rows: o });
    expect(n.length).toBeGreaterThan(0);
  }
}

/** The reports' five queries, old and new, for several periods and scopes. */
async function reportsSideBySide() {
  const day = (daysAgo: number) =>
    at(daysAgo * DAY)
      .toISOString()
      .slice(0, 10);
  const out: string[] = [];
  // Whole months only (the p90 from rollup_completion_months alone), and a period inside one month.
  const month = (monthsAgo: number, last = false) => {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo + (last ? 1 : 0), last ? 0 : 1)).toISOString().slice(0, 10);
  };
  for (const [from, to] of [
    [day(29), day(0)],
    [day(364), day(0)],
    [day(45), day(20)],
    [month(11), month(1, true)],
    [month(1), month(1, true)],
    [month(1, true), month(1, true)],
  ]) {
    for (const departmentIds of [null, [D1], [D1, D2]]) {
      const params = { from, to, ...(departmentIds ? { departments: departmentIds } : {}) };
      const oldQ = legacyReportQueries(database, { departmentIds });
      const newQ = summaryQueries(database, { departmentIds });
      for (const name of Object.keys(newQ) as (keyof typeof newQ)[]) {
        const [o, n] = [normal(await rowsOf(oldQ[name], params)), normal(await rowsOf(newQ[name], params))];
        expect({ from, to, departmentIds, name, rows: n }).toEqual({ from, to, departmentIds, name, rows: o });
        out.push(`${from} ${to} ${String(departmentIds)} ${name}: ${n.join(' ')}`);
      }
    }
  }
  return out;
}

test('every panel and report query on the rollups gives what its query over the raw events gave', async () => {
  for (const title of Object.keys(LEGACY_PANELS))
    expect({ title, sql: panelSql(title) }).toEqual({ title, sql: expect.stringMatching(/rollup_|incident_snapshot/) });

  // Requests over a year: today, yesterday, around the 30-day edge (before and after the
  // cut), 40 days ago (closed across a month end), a quarter and most of a year ago; some open.
  const lives: [number, number, boolean][] = [
    [120, 60, false],
    [300, 100, true],
    [DAY + 100, 200, false],
    [30 * DAY + 30, 20, false],
    [30 * DAY - 30, 20, false],
    [30 * DAY + 10, 5, true],
    [40 * DAY, 12 * DAY, false],
    [40 * DAY + 7, 35 * DAY, true],
    [95 * DAY, 300, false],
    [300 * DAY, 4000, false],
    [2 * DAY, 90, false],
    [5 * DAY, 3000, true],
  ];
  const all = lives.flatMap(([filed, life, open], n) => request(n + 1, filed, life, open));
  const isLate = (r: Row) => Date.now() - new Date(`${r.occurred_at}Z`).getTime() > 35 * DAY * 60000;
  const [late, early] = [all.filter(isLate), all.filter((r) => !isLate(r))];
  await deliver(early.slice(0, 20));
  await deliver(early.slice(20));
  await refresh();
  const figures = await panelsSideBySide();
  const reports = await reportsSideBySide();
  // The fixture reaches the cases: something in every panel for all departments, 30 days.
  const allScope = JSON.stringify({ days: 30 });
  for (const title of Object.keys(LEGACY_PANELS)) expect(figures.find((f) => f.startsWith(`${allScope} ${title}: `))).toMatch(/: \S/);
  expect(reports.filter((r) => !r.endsWith(': '))).not.toHaveLength(0);

  // Delivered again (dropped by its token), and an overlapping re-delivery with one new event.
  await deliver(early.slice(20));
  const extra = request(40, 600, 30, false);
  await deliver([...early.slice(10, 30), extra[0]!]);
  await deliver(extra);
  await refresh();
  await panelsSideBySide();
  await reportsSideBySide();
  await variablesSideBySide();

  // Late events of older months (a relay outage, a refill of days already refreshed).
  await deliver(late);
  // A pass that fails half-way (after swapping some tables) keeps the marks; the next one completes it.
  const failing = new Proxy(ch, {
    get: (target, key) =>
      key === 'command'
        ? (params: { query: string }) =>
            params.query.includes('rollup_resolution REPLACE') ? Promise.reject(new Error('ClickHouse went away')) : target.command(params)
        : ((v: unknown) => (typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v))(Reflect.get(target, key)),
  });
  await expect(refreshMarked(failing, database, seqs)).rejects.toThrow('ClickHouse went away');
  expect(await marks()).toBeGreaterThan(0);
  await refresh();
  const settled = await panelsSideBySide();
  const settledReports = await reportsSideBySide();
  expect(settled).not.toEqual(figures);

  // A refill of every event in other pages (analytics/backfill.ts), then its full rebuild:
  // nothing changes; and a rebuild from nothing gives the same.
  for (let i = 0; i < all.length; i += 7) await deliver(all.slice(i, i + 7));
  await refresh();
  for (const query of rebuildAll(database)) await ch.command({ query });
  expect(await panelsSideBySide()).toEqual(settled);
  expect(await reportsSideBySide()).toEqual(settledReports);
  await variablesSideBySide();
}, 600_000);

test("the reports' p90 and assigned incidents on many requests, reassignments arriving out of order", async () => {
  // 1,500 more requests over a year, completion times from a minute to a month (every bucket's
  // neighbourhood, several values repeated on the same day and department).
  const more = Array.from({ length: 1500 }, (_, i) => {
    const life = i % 10 === 0 ? 60 * (1 + (i % 4)) : Math.round(Math.exp(Math.random() * Math.log(30 * DAY)));
    return request(1000 + i, life + Math.random() * 360 * DAY, life, false);
  }).flat();
  for (let i = 0; i < more.length; i += 2000) await deliver(more.slice(i, i + 2000));
  // Incidents assigned to the same agent again on later days, some in another department; the
  // later assignments are delivered and refreshed first, the earlier ones after.
  const again = more.filter((r) => r.type === 'incident.assigned').slice(0, 300);
  const later = again.map((r, i) => ({
    ...r,
    event_id: randomUUID(),
    department_id: i % 3 ? r.department_id : D2,
    occurred_at: at(((i % 40) + 1) * DAY)
      .toISOString()
      .replace('T', ' ')
      .replace('Z', ''),
  }));
  const earlier = again.map((r, i) => ({
    ...r,
    event_id: randomUUID(),
    occurred_at: at(((i % 40) + 45) * DAY)
      .toISOString()
      .replace('T', ' ')
      .replace('Z', ''),
  }));
  await deliver(later);
  await refresh();
  await deliver(earlier);
  await refresh();
  const day = (daysAgo: number) =>
    at(daysAgo * DAY)
      .toISOString()
      .slice(0, 10);
  for (const [from, to] of [
    [day(364), day(0)],
    [day(29), day(0)],
    [day(200), day(100)],
    [day(50), day(20)],
    [day(3), day(3)],
  ]) {
    for (const departmentIds of [null, [D1], [D1, D2]]) {
      const params = { from, to, ...(departmentIds ? { departments: departmentIds } : {}) };
      for (const name of ['outcomes', 'assigned'] as const) {
        const [o, n] = await Promise.all(
          [legacyReportQueries(database, { departmentIds }), summaryQueries(database, { departmentIds })].map((q) => rowsOf(q[name], params)),
        );
        expect({ from, to, departmentIds, name, rows: normal(n!) }).toEqual({ from, to, departmentIds, name, rows: normal(o!) });
        if (from === day(364) && !departmentIds) expect(n!.length).toBeGreaterThan(0);
      }
    }
  }
}, 600_000);
