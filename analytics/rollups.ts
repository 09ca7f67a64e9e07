// Pre-aggregated tables the dashboards and the reports read (issue 18, item 2), exact without
// FINAL because they are recomputed from the deduplicated events (incident_events FINAL,
// incident_state) rather than fed row by row: after the relay writes a batch, the days it
// touched are recomputed into a staging table beside the month's other rows, and the month is
// swapped in with ALTER TABLE ... REPLACE PARTITION (atomic for readers). A re-delivered batch,
// an overlapping duplicate or a refill (analytics/backfill.ts) therefore changes no figure: the
// next refresh of those days counts each event once. On 10 million events the grouping over
// every event cost 0.2-1.7 s per panel (docs/performance.md); these tables hold 0.03-0.3 rows
// per event. Department is a String ('' when none), so Grafana's filter needs no toString per row.
import type { Analytics } from '../infra/clickhouse';

const DIMS = `department String, channel LowCardinality(String), priority LowCardinality(String)`;
const DIMS_OF_EVENT = `ifNull(toString(department_id), '') AS department_, channel AS channel_, priority AS priority_`;

/** A table recomputed by day from the events: its columns, sort key and source query. */
export interface DayRollup {
  table: string;
  columns: string;
  orderBy: string;
  /** The rows of the days `where` selects, in column order. */
  source: (db: string, where: string) => string;
  /** How a month's kept rows and the recomputed days' rows combine (plain union by default). */
  merge?: (db: string, keptMonth: string, where: string) => string;
  /** The migration that added the table (8 when not named). */
  migration?: number;
}

/** Counts of the events `filter` keeps, one row per day and the `keys` (`what` selects them). */
const counted = (table: string, columns: string, orderBy: string, what: string, filter: string, keys: string): DayRollup => ({
  table,
  columns,
  orderBy,
  source: (db, where) =>
    `SELECT toDate(occurred_at) AS day_, ${what} count() AS n_ FROM ${db}.incident_events FINAL WHERE ${filter} AND (${where}) GROUP BY day_, ${keys}`,
});

/** Four buckets a doubling of the completion time: 0 for 0 s, 79 for about 10^6 s. */
const COMPLETION_BUCKET = `toUInt16(floor(log2(ifNull(seconds_since_filed, 0) + 1) * 4))`;
const completionMonths = (db: string, month: string) =>
  `SELECT toStartOfMonth(day), department, bucket, sum(requests) FROM ${db}.rollup_completion WHERE ${month} GROUP BY toStartOfMonth(day), department, bucket`;

const ASSIGNED = `type = 'incident.assigned' AND assignee_id != '' AND incident_id IS NOT NULL`;
/** Each (day, department, agent, incident) of an assignment once. */
const ASSIGNMENTS = (db: string, where: string) =>
  `SELECT DISTINCT toDate(occurred_at) AS d_, ifNull(toString(department_id), '') AS dep_, assignee_id AS a_, assumeNotNull(incident_id) AS i_
   FROM ${db}.incident_events WHERE ${ASSIGNED} AND (${where})`;

const TYPES = `type IN ('incident.opened', 'incident.closed', 'sla.warning', 'sla.breach')`;

export const DAY_ROLLUPS: DayRollup[] = [
  // Throughput, warnings and breaches, incidents opened; the reports' incidents per day.
  // Type '' counts every event: the per-day panels show a day (with zeros) whenever the scope
  // had any event that day, as they did over events_daily.
  counted(
    'rollup_daily',
    `day Date, type LowCardinality(String), ${DIMS}, events UInt64`,
    '(type, day, department, channel, priority)',
    `arrayJoin(if(${TYPES}, [toString(type), ''], [''])) AS type_, ${DIMS_OF_EVENT},`,
    '1',
    'type_, department_, channel_, priority_',
  ),
  // Requests by channel, by service class and type, by problem type.
  counted(
    'rollup_requests',
    `day Date, ${DIMS}, service_class LowCardinality(String), service_type LowCardinality(String), problem_type LowCardinality(String), requests UInt64`,
    '(day, department, channel, priority)',
    `${DIMS_OF_EVENT}, service_class AS class_, service_type AS kind_, problem_type AS problem_,`,
    `type = 'request.filed'`,
    'department_, channel_, priority_, class_, kind_, problem_',
  ),
  counted(
    'rollup_clients',
    `day Date, ${DIMS}, client_id UUID, requests UInt64`,
    '(day, department, client_id)',
    `${DIMS_OF_EVENT}, assumeNotNull(client_id) AS client_,`,
    `type = 'request.filed' AND client_id IS NOT NULL`,
    'department_, channel_, priority_, client_',
  ),
  counted(
    'rollup_assets',
    `day Date, ${DIMS}, asset_id UUID, incidents UInt64`,
    '(day, department, asset_id)',
    `${DIMS_OF_EVENT}, assumeNotNull(asset_id) AS asset_,`,
    `type = 'incident.opened' AND asset_id IS NOT NULL`,
    'department_, channel_, priority_, asset_',
  ),
  // The resolution-time histogram in whole hours (filed to closed).
  counted(
    'rollup_resolution',
    `day Date, ${DIMS}, hours UInt32, requests UInt64`,
    '(day, department, hours)',
    `${DIMS_OF_EVENT}, intDiv(assumeNotNull(seconds_since_filed), 3600) AS hours_,`,
    `type = 'request.closed' AND seconds_since_filed IS NOT NULL`,
    'department_, channel_, priority_, hours_',
  ),
  // One row per closed request (the reports' completion times need each value for the exact p90).
  {
    table: 'rollup_outcomes',
    columns: `day Date, department String, close_reason LowCardinality(String), with_incident UInt8, sla_breached UInt8, assignee_id String, completion_seconds UInt32, resolution_seconds Nullable(UInt32)`,
    orderBy: '(day, department)',
    source: (db, where) =>
      `SELECT toDate(occurred_at), ifNull(toString(department_id), ''), close_reason, incident_id IS NOT NULL, ifNull(sla_breached, 0), assignee_id,
              ifNull(seconds_since_filed, 0), resolution_seconds
       FROM ${db}.incident_events FINAL WHERE type = 'request.closed' AND (${where})`,
  },
  // The reports' counts and sums of closed requests, per day, department, reason, incident and
  // breach (a few rows a day instead of one per request): a year's summary read 0.8 M rows per
  // query from rollup_outcomes; the averages are sums over counts, as avg() computes them.
  {
    table: 'rollup_outcome_counts',
    columns: `day Date, department String, close_reason LowCardinality(String), with_incident UInt8, sla_breached UInt8, requests UInt64, completion_sum UInt64, resolutions UInt64, resolution_sum UInt64`,
    orderBy: '(day, department)',
    source: (db, where) =>
      `SELECT toDate(occurred_at) AS day_, ifNull(toString(department_id), '') AS department_, close_reason AS reason_, incident_id IS NOT NULL AS with_incident_,
              ifNull(sla_breached, 0) AS breached_, count(), sum(ifNull(seconds_since_filed, 0)), count(resolution_seconds), sum(ifNull(resolution_seconds, 0))
       FROM ${db}.incident_events FINAL WHERE type = 'request.closed' AND (${where}) GROUP BY day_, department_, reason_, with_incident_, breached_`,
    migration: 11,
  },
  // Resolved requests per day, department and agent with their completion times' sum (the reports' agents).
  {
    table: 'rollup_resolved_by',
    columns: `day Date, department String, agent String, requests UInt64, completion_sum UInt64`,
    orderBy: '(day, department, agent)',
    source: (db, where) =>
      `SELECT toDate(occurred_at) AS day_, ifNull(toString(department_id), '') AS department_, assignee_id AS agent_, count(), sum(ifNull(seconds_since_filed, 0))
       FROM ${db}.incident_events FINAL WHERE type = 'request.closed' AND close_reason = 'resolved' AND assignee_id != '' AND (${where})
       GROUP BY day_, department_, agent_`,
    migration: 11,
  },
  // The resolved requests' completion times per day and department, in log-scale buckets (four
  // a doubling), with how many requests had each value; sorted by bucket, so the reports' exact
  // p90 reads only the bucket that holds it (analytics/reports.ts, completionP90). A year's p90 read all
  // of rollup_outcomes' 0.8 M rows, 814-1314 ms at p99 for the summary (docs/performance.md).
  {
    table: 'rollup_completion',
    columns: `day Date, department String, bucket UInt16, completion_seconds UInt32, requests UInt64`,
    orderBy: '(bucket, day, department)',
    source: (db, where) =>
      `SELECT toDate(occurred_at) AS day_, ifNull(toString(department_id), '') AS department_, ${COMPLETION_BUCKET} AS bucket_, ifNull(seconds_since_filed, 0) AS seconds_, count()
       FROM ${db}.incident_events FINAL WHERE type = 'request.closed' AND close_reason = 'resolved' AND (${where}) GROUP BY day_, department_, bucket_, seconds_`,
    migration: 12,
  },
  // The same counts per month (day: its first) and bucket, without the values: the p90's
  // histogram over whole months (about 30 rows per department and month instead of 1,400).
  // Each refresh recomputes the month from rollup_completion, refreshed just before it.
  {
    table: 'rollup_completion_months',
    columns: `day Date, department String, bucket UInt16, requests UInt64`,
    orderBy: '(day, department, bucket)',
    source: (db) => completionMonths(db, '1'),
    merge: (db, keptMonth) => completionMonths(db, keptMonth),
    migration: 12,
  },
  // Agents' assignments, one row per day, department, agent and incident (the reports' load).
  {
    table: 'rollup_assigned',
    columns: `day Date, department String, agent String, incident_id UUID`,
    orderBy: '(day, department, agent)',
    source: ASSIGNMENTS,
  },
  // The same assignments counted, each row with the day before it on which the same agent had
  // the same incident (in any department, and in the same one): a period's assigned incidents
  // per agent are the rows of the period whose earlier day is before the period, so the reports
  // sum counts instead of a uniqExact over a year's 0.8 M rows of rollup_assigned. first_of_day
  // keeps one of an incident's departments on the same day (all departments). A late event
  // changes the earlier day of the pair's later rows: refreshRollups adds those days.
  {
    table: 'rollup_assigned_first',
    columns: `day Date, department String, agent String, first_of_day UInt8, before_any Date, before_department Date, incidents UInt64`,
    orderBy: '(day, department, agent)',
    source: (db, where) =>
      `SELECT day_, department_, agent_, first_, before_any_, before_dep_, count() FROM (
         SELECT r.d_ AS day_, r.dep_ AS department_, r.a_ AS agent_, r.dep_ = minIf(h.dep_, h.d_ = r.d_) AS first_,
                maxIf(h.d_, h.d_ < r.d_) AS before_any_, maxIf(h.d_, h.d_ < r.d_ AND h.dep_ = r.dep_) AS before_dep_
         FROM (${ASSIGNMENTS(db, where)}) AS r
         INNER JOIN (${ASSIGNMENTS(db, `assumeNotNull(incident_id) IN (SELECT assumeNotNull(incident_id) FROM ${db}.incident_events WHERE ${ASSIGNED} AND (${where}))`)}) AS h
         ON h.a_ = r.a_ AND h.i_ = r.i_
         GROUP BY r.d_, r.dep_, r.a_, r.i_
       ) GROUP BY day_, department_, agent_, first_, before_any_, before_dep_`,
    migration: 12,
  },
  // Incidents worked per agent: each (agent, incident) once a month, on its last day in that
  // month; counted when that day is in the period. A month's rows merge with the recomputed
  // days by max, which is exact because events are only ever added (a duplicate or a refill
  // cannot lower a maximum): 0.5 rows per event instead of 1.9 per-day rows.
  {
    table: 'rollup_agents',
    columns: `day Date, agent String, incident_id UUID`,
    orderBy: '(day, agent)',
    source: (db, where) =>
      `SELECT max(toDate(occurred_at)), assignee_id, assumeNotNull(incident_id) FROM ${db}.incident_events
       WHERE assignee_id != '' AND incident_id IS NOT NULL AND (${where}) GROUP BY toYYYYMM(occurred_at), assignee_id, incident_id`,
    merge: (db, keptMonth, where) =>
      `SELECT max(d_), a_, i_ FROM (
         SELECT day AS d_, agent AS a_, incident_id AS i_ FROM ${db}.rollup_agents WHERE ${keptMonth}
         UNION ALL
         SELECT toDate(occurred_at), assignee_id, assumeNotNull(incident_id) FROM ${db}.incident_events
         WHERE assignee_id != '' AND incident_id IS NOT NULL AND (${where})
       ) GROUP BY a_, i_`,
  },
];

/** One row per incident, its state as the backlog panels read it, from incident_state (migration 5). */
const SNAPSHOT_COLUMNS = `incident_id UUID, opened_at DateTime64(3, 'UTC'), closed UInt64, breaches UInt64, assignee String, ${DIMS}`;
const snapshotSource = (db: string, where: string) =>
  `SELECT incident_id, minIfMerge(opened_at) AS o_, uniqExactIfMerge(closings) AS c_, uniqExactIfMerge(breaches) AS b_, argMaxMerge(last_assignee) AS a_,
          ifNull(toString(argMaxMerge(last_department)), '') AS d_, argMaxMerge(last_channel) AS ch_, argMaxMerge(last_priority) AS p_
   FROM ${db}.incident_state WHERE ${where} GROUP BY incident_id`;

const create = (db: string, table: string, columns: string, partition: string, orderBy: string) => [
  `CREATE TABLE IF NOT EXISTS ${db}.${table} (${columns}) ENGINE = MergeTree PARTITION BY ${partition} ORDER BY ${orderBy}`,
  `CREATE TABLE IF NOT EXISTS ${db}.${table}_staging AS ${db}.${table}`,
];

/** The tables a migration added (migration 8, applied as it was, does not know the later ones). */
const ofMigration = (n: number) => (r: DayRollup) => (r.migration ?? 8) === n;
const refill = (db: string, r: DayRollup) => [`TRUNCATE TABLE ${db}.${r.table}`, `INSERT INTO ${db}.${r.table} ${r.source(db, '1')}`];

/** Migration 11: the reports' coarser tables, their staging twins, and their fill from the events already stored. */
export function coarseRollupMigration(db: string): string[] {
  return addedTables(db, DAY_ROLLUPS.filter(ofMigration(11)));
}

/** Migration 12: the completion times' tables (the reports' p90), their staging twins, their fill. */
export function completionRollupMigration(db: string): string[] {
  return addedTables(db, DAY_ROLLUPS.filter(ofMigration(12)));
}

function addedTables(db: string, rollups: DayRollup[]): string[] {
  return rollups.flatMap((r) => [...create(db, r.table, r.columns, 'toYYYYMM(day)', r.orderBy), ...refill(db, r)]);
}

/** Migration 8: the tables, their staging twins, and their fill from the events already stored. */
export function rollupMigration(db: string): string[] {
  const rollups = DAY_ROLLUPS.filter(ofMigration(8));
  return [
    ...rollups.flatMap((r) => create(db, r.table, r.columns, 'toYYYYMM(day)', r.orderBy)),
    ...create(db, 'incident_snapshot', SNAPSHOT_COLUMNS, 'toYYYYMM(opened_at)', '(closed, department, opened_at)'),
    `CREATE TABLE IF NOT EXISTS ${db}.incident_snapshot_month AS ${db}.incident_snapshot`,
    ...rollups.flatMap((r) => refill(db, r)),
    ...refillSnapshot(db),
  ];
}

const refillSnapshot = (db: string) => [`TRUNCATE TABLE ${db}.incident_snapshot`, `INSERT INTO ${db}.incident_snapshot ${snapshotSource(db, '1')}`];

/** Every rollup recomputed from all stored events (the backfill; the bench after its bulk load). */
export function rebuildAll(db: string): string[] {
  return [...DAY_ROLLUPS.flatMap((r) => refill(db, r)), ...refillSnapshot(db)];
}

const MONTH = (day: string) => day.slice(0, 4) + day.slice(5, 7);

/** What a delivered batch touched: the UTC days of its events and their incidents. */
export interface Touched {
  days: string[];
  incidents: string[];
}

export function touchedBy(rows: { occurredAt: Date; incidentId: string | null }[]): Touched {
  return {
    days: [...new Set(rows.map((r) => r.occurredAt.toISOString().slice(0, 10)))].sort(),
    incidents: [...new Set(rows.flatMap((r) => (r.incidentId ? [r.incidentId] : [])))],
  };
}

/**
 * Recomputes the touched days of every day rollup and the touched incidents' snapshot rows.
 * Run after the batch is in incident_events and before the outbox marks it shipped, so a failure
 * here re-delivers the batch and the refresh runs again. One refresher at a time (the relay).
 */
export async function refreshRollups(ch: Analytics, db: string, touched: Touched): Promise<void> {
  const run = (query: string, query_params: Record<string, unknown> = {}) => ch.command({ query, query_params });
  const months = new Map<string, string[]>();
  for (const day of await withLaterAssignments(ch, db, touched.days)) months.set(MONTH(day), [...(months.get(MONTH(day)) ?? []), day]);
  for (const [month, days] of months) {
    const params = { days };
    const dirty = `toDate(occurred_at) IN {days:Array(Date)}`;
    for (const r of DAY_ROLLUPS) {
      const staging = `${db}.${r.table}_staging`;
      const keptMonth = `toYYYYMM(day) = ${month}`;
      await run(`TRUNCATE TABLE ${staging}`);
      if (r.merge) await run(`INSERT INTO ${staging} ${r.merge(db, keptMonth, dirty)}`, params);
      else {
        await run(`INSERT INTO ${staging} SELECT * FROM ${db}.${r.table} WHERE ${keptMonth} AND day NOT IN {days:Array(Date)}`, params);
        await run(`INSERT INTO ${staging} ${r.source(db, dirty)}`, params);
      }
      await swap(ch, `${db}.${r.table}`, staging, month);
    }
  }
  await refreshIncidents(ch, db, touched.incidents);
}

/** The days, and every later day on which an agent assigned on one of them had the same incident (rollup_assigned_first's earlier days). */
async function withLaterAssignments(ch: Analytics, db: string, days: string[]): Promise<string[]> {
  if (!days.length) return days;
  const result = await ch.query({
    query: `SELECT DISTINCT toString(toDate(occurred_at)) AS d FROM ${db}.incident_events
            WHERE ${ASSIGNED} AND toDate(occurred_at) > {first:Date} AND (assignee_id, assumeNotNull(incident_id)) IN (
              SELECT assignee_id, assumeNotNull(incident_id) FROM ${db}.incident_events WHERE ${ASSIGNED} AND toDate(occurred_at) IN {days:Array(Date)})`,
    query_params: { first: days[0], days },
    format: 'JSONEachRow',
  });
  return [...new Set([...days, ...(await result.json<{ d: string }>()).map((r) => r.d)])].sort();
}

/** The month of `table` becomes the staging table's rows (none: the month is dropped). */
async function swap(ch: Analytics, table: string, staging: string, month: string): Promise<void> {
  const [row] = await (
    await ch.query({ query: `SELECT count() AS n FROM ${staging} WHERE _partition_id = '${month}'`, format: 'JSONEachRow' })
  ).json<{ n: string }>();
  // ClickHouse refuses REPLACE PARTITION from an empty source (it would drop the month silently).
  if (Number(row?.n ?? 0) === 0) await ch.command({ query: `ALTER TABLE ${table} DROP PARTITION ID '${month}'` });
  else await ch.command({ query: `ALTER TABLE ${table} REPLACE PARTITION ID '${month}' FROM ${staging}` });
}

/** The touched incidents' rows, recomputed; every month partition they left or entered swapped. */
async function refreshIncidents(ch: Analytics, db: string, incidents: string[]): Promise<void> {
  if (!incidents.length) return;
  const params = { ids: incidents };
  const run = (query: string) => ch.command({ query, query_params: params });
  const touched = `${db}.incident_snapshot_staging`;
  const ids = 'incident_id IN {ids:Array(UUID)}';
  await run(`TRUNCATE TABLE ${touched}`);
  await run(`INSERT INTO ${touched} ${snapshotSource(db, ids)}`);
  const result = await ch.query({
    query: `SELECT DISTINCT toString(toYYYYMM(opened_at)) AS m FROM (SELECT opened_at FROM ${db}.incident_snapshot WHERE ${ids} UNION ALL SELECT opened_at FROM ${touched})`,
    query_params: params,
    format: 'JSONEachRow',
  });
  const months = (await result.json<{ m: string }>()).map((r) => r.m);
  // The staging twin holds the new rows; each month is assembled in a second twin and swapped.
  for (const month of months) {
    await run(`TRUNCATE TABLE ${db}.incident_snapshot_month`);
    await run(
      `INSERT INTO ${db}.incident_snapshot_month SELECT * FROM ${db}.incident_snapshot WHERE toYYYYMM(opened_at) = ${month} AND incident_id NOT IN {ids:Array(UUID)}
       UNION ALL SELECT * FROM ${touched} WHERE toYYYYMM(opened_at) = ${month}`,
    );
    await swap(ch, `${db}.incident_snapshot`, `${db}.incident_snapshot_month`, month);
  }
}
