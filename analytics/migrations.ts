// Versioned ClickHouse migrations, applied in order at start-up by the process that owns
// analytics. The same SQL runs on embedded chDB and on a ClickHouse server.
import type { Analytics } from '../infra/clickhouse';
import { coarseRollupMigration, completionRollupMigration, rollupMigration } from './rollups';
import { marksMigration } from './rollupMarks';
import { dimensionsMigration } from './dimensions';

export const migrations: { version: number; name: string; sql: (db: string) => string[] }[] = [
  {
    version: 1,
    name: 'incident_events',
    sql: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.incident_events (
        event_id UUID,
        type LowCardinality(String),
        request_id UUID,
        incident_id Nullable(UUID),
        department_id Nullable(UUID),
        service_id Nullable(UUID),
        channel LowCardinality(String),
        actor_id String,
        occurred_at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree
      PARTITION BY toYYYYMM(occurred_at)
      ORDER BY (type, toDate(occurred_at), event_id)`,
    ],
  },
  {
    version: 2,
    name: 'event_dimensions',
    sql: (db) => [
      `ALTER TABLE ${db}.incident_events
        ADD COLUMN IF NOT EXISTS client_id Nullable(UUID),
        ADD COLUMN IF NOT EXISTS priority LowCardinality(String) DEFAULT '',
        ADD COLUMN IF NOT EXISTS assignee_id String DEFAULT '',
        ADD COLUMN IF NOT EXISTS service_class LowCardinality(String) DEFAULT '',
        ADD COLUMN IF NOT EXISTS service_type LowCardinality(String) DEFAULT '',
        ADD COLUMN IF NOT EXISTS problem_type LowCardinality(String) DEFAULT '',
        ADD COLUMN IF NOT EXISTS asset_id Nullable(UUID),
        ADD COLUMN IF NOT EXISTS seconds_since_filed Nullable(UInt32)`,
    ],
  },
  {
    // Daily and per-agent figures, kept up to date by materialized views. The relay delivers at
    // least once, so a batch may arrive twice; these tables therefore hold uniqExact states of
    // event ids, not sums: a re-delivered event is counted once (read with uniqExactMerge).
    version: 3,
    name: 'daily_aggregates',
    sql: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.events_daily (
        day Date,
        type LowCardinality(String),
        department_id UUID,
        service_id UUID,
        channel LowCardinality(String),
        priority LowCardinality(String),
        events AggregateFunction(uniqExact, UUID)
      ) ENGINE = AggregatingMergeTree
      PARTITION BY toYYYYMM(day)
      ORDER BY (day, type, department_id, service_id, channel, priority)`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.events_daily_mv TO ${db}.events_daily AS
        SELECT toDate(occurred_at) AS day, type,
               ifNull(department_id, toUUID('00000000-0000-0000-0000-000000000000')) AS department_id,
               ifNull(service_id, toUUID('00000000-0000-0000-0000-000000000000')) AS service_id,
               channel, priority, uniqExactState(event_id) AS events
        FROM ${db}.incident_events
        GROUP BY day, type, department_id, service_id, channel, priority`,
      `CREATE TABLE IF NOT EXISTS ${db}.agent_daily (
        day Date,
        assignee_id String,
        type LowCardinality(String),
        events AggregateFunction(uniqExact, UUID),
        incidents AggregateFunction(uniqExact, Nullable(UUID))
      ) ENGINE = AggregatingMergeTree
      PARTITION BY toYYYYMM(day)
      ORDER BY (day, assignee_id, type)`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.agent_daily_mv TO ${db}.agent_daily AS
        SELECT toDate(occurred_at) AS day, assignee_id, type, uniqExactState(event_id) AS events, uniqExactState(incident_id) AS incidents
        FROM ${db}.incident_events
        WHERE assignee_id != ''
        GROUP BY day, assignee_id, type`,
    ],
  },
  {
    // Closure and SLA timings, incident status and close reason on every event; one row per
    // closed request for completion-time figures; insert deduplication.
    //
    // Why both dedup mechanisms: the relay marks rows shipped only after ClickHouse accepted
    // them, so a lost acknowledgement re-delivers. (1) Each relay batch carries an
    // insert_deduplication_token derived from its event ids (analytics/relay.ts); with the
    // non-replicated deduplication window below, an identical re-delivered batch is dropped by
    // ClickHouse before it reaches the table or the materialized views (the views' target
    // tables get the same window and deduplicate_blocks_in_dependent_materialized_views). (2) A
    // re-delivered batch need not be identical (the relay may pick up newer events beside the
    // unacknowledged ones, the backfill pages differently), and ReplacingMergeTree collapses
    // duplicates only at merge time; so the aggregates never count rows: events_daily and
    // agent_daily hold uniqExact states of ids, and request_outcomes is a ReplacingMergeTree
    // keyed by request read with FINAL. Results are exact whichever way a duplicate arrives.
    version: 4,
    name: 'event_timings_outcomes_dedup',
    sql: (db) => [
      `ALTER TABLE ${db}.incident_events
        ADD COLUMN IF NOT EXISTS status LowCardinality(String) DEFAULT '',
        ADD COLUMN IF NOT EXISTS close_reason LowCardinality(String) DEFAULT '',
        ADD COLUMN IF NOT EXISTS resolution_seconds Nullable(UInt32),
        ADD COLUMN IF NOT EXISTS sla_clock LowCardinality(String) DEFAULT '',
        ADD COLUMN IF NOT EXISTS sla_due_at Nullable(DateTime64(3, 'UTC')),
        ADD COLUMN IF NOT EXISTS sla_target_seconds Nullable(UInt32),
        ADD COLUMN IF NOT EXISTS sla_breached Nullable(UInt8)`,
      `ALTER TABLE ${db}.incident_events MODIFY SETTING non_replicated_deduplication_window = 1000`,
      `ALTER TABLE ${db}.events_daily MODIFY SETTING non_replicated_deduplication_window = 1000`,
      `ALTER TABLE ${db}.agent_daily MODIFY SETTING non_replicated_deduplication_window = 1000`,
      `CREATE TABLE IF NOT EXISTS ${db}.request_outcomes (
        request_id UUID,
        incident_id Nullable(UUID),
        closed_at DateTime64(3, 'UTC'),
        department_id UUID,
        service_id UUID,
        service_class LowCardinality(String),
        service_type LowCardinality(String),
        problem_type LowCardinality(String),
        channel LowCardinality(String),
        priority LowCardinality(String),
        assignee_id String,
        client_id Nullable(UUID),
        close_reason LowCardinality(String),
        completion_seconds UInt32,
        resolution_seconds Nullable(UInt32),
        sla_breached UInt8
      ) ENGINE = ReplacingMergeTree
      PARTITION BY toYYYYMM(closed_at)
      ORDER BY (request_id)
      SETTINGS non_replicated_deduplication_window = 1000`,
      ...[`CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.request_outcomes_mv TO ${db}.request_outcomes AS`, `INSERT INTO ${db}.request_outcomes`].map(
        (head) => `${head}
        SELECT request_id, incident_id, occurred_at AS closed_at,
               ifNull(department_id, toUUID('00000000-0000-0000-0000-000000000000')) AS department_id,
               ifNull(service_id, toUUID('00000000-0000-0000-0000-000000000000')) AS service_id,
               service_class, service_type, problem_type, channel, priority, assignee_id, client_id, close_reason,
               ifNull(seconds_since_filed, 0) AS completion_seconds, resolution_seconds, ifNull(sla_breached, 0) AS sla_breached
        FROM ${db}.incident_events${head.startsWith('INSERT') ? ' FINAL' : ''}
        WHERE type = 'request.closed'`,
      ),
    ],
  },
  {
    // One row per incident (after merges) with aggregate states of its life, so the backlog,
    // backlog-age, SLA-compliance and open-per-agent panels read one row per incident instead of
    // grouping every event of incident_events FINAL. Every state is idempotent under the
    // relay's at-least-once delivery: closings and breaches are uniqExact states of event ids
    // (never row counts), the opening time a min, the latest assignee and dimensions argMax by
    // occurred_at; a re-delivered event, or an event both the view and the fill below write,
    // changes no figure. The dimensions the panels filter by (department, channel, priority)
    // are the incident's latest: priority changes during an incident's life (setPriority), and
    // the incident is counted once, under its current values. An identical re-delivered batch
    // is dropped before it reaches the table (deduplication window, as in migration 4).
    // Read with minIfMerge, uniqExactIfMerge and argMaxMerge, GROUP BY incident_id. (The filter
    // names e.incident_id: unqualified, it would be the non-null alias and let events without an
    // incident in as the zero UUID.)
    version: 5,
    name: 'incident_state',
    sql: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.incident_state (
        incident_id UUID,
        opened_at AggregateFunction(minIf, DateTime64(3, 'UTC'), UInt8),
        closings AggregateFunction(uniqExactIf, UUID, UInt8),
        breaches AggregateFunction(uniqExactIf, UUID, UInt8),
        last_assignee AggregateFunction(argMax, String, DateTime64(3, 'UTC')),
        last_department AggregateFunction(argMax, Nullable(UUID), DateTime64(3, 'UTC')),
        last_channel AggregateFunction(argMax, String, DateTime64(3, 'UTC')),
        last_priority AggregateFunction(argMax, String, DateTime64(3, 'UTC'))
      ) ENGINE = AggregatingMergeTree
      ORDER BY incident_id
      SETTINGS non_replicated_deduplication_window = 1000`,
      ...[`CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.incident_state_mv TO ${db}.incident_state AS`, `INSERT INTO ${db}.incident_state`].map(
        (head) => `${head}
        SELECT assumeNotNull(incident_id) AS incident_id,
               minIfState(occurred_at, type = 'incident.opened') AS opened_at,
               uniqExactIfState(event_id, type = 'incident.closed') AS closings,
               uniqExactIfState(event_id, type = 'sla.breach') AS breaches,
               argMaxState(assignee_id, occurred_at) AS last_assignee,
               argMaxState(department_id, occurred_at) AS last_department,
               argMaxState(toString(channel), occurred_at) AS last_channel,
               argMaxState(toString(priority), occurred_at) AS last_priority
        FROM ${db}.incident_events AS e
        WHERE e.incident_id IS NOT NULL
        GROUP BY incident_id`,
      ),
    ],
  },
  {
    // The client's satisfaction score of a survey.answered event (domain/surveys), 1 to 5.
    version: 6,
    name: 'survey_score',
    sql: (db) => [`ALTER TABLE ${db}.incident_events ADD COLUMN IF NOT EXISTS score Nullable(UInt8)`],
  },
  {
    // The live chat's events (domain/chat/eventsRepository.ts): accepts (seconds waiting), first
    // answers (seconds to it) and closes (seconds handling), per agent and department. Read FINAL:
    // a re-delivered event collapses by its id, as in incident_events.
    version: 7,
    name: 'chat_events',
    sql: (db) => [
      `CREATE TABLE IF NOT EXISTS ${db}.chat_events (
        event_id UUID,
        type LowCardinality(String),
        conversation_id UUID,
        department_id UUID,
        agent_id String,
        seconds Nullable(Int32),
        occurred_at DateTime64(3, 'UTC')
      ) ENGINE = ReplacingMergeTree
      PARTITION BY toYYYYMM(occurred_at)
      ORDER BY (type, toDate(occurred_at), event_id)`,
    ],
  },
  {
    // The pre-aggregated tables the dashboards and the reports read (analytics/rollups.ts),
    // filled from the events already stored; the relay keeps them after every batch.
    version: 8,
    name: 'rollups',
    sql: rollupMigration,
  },
  {
    // What the rollups still owe: the relay marks, the refresher recomputes (analytics/rollupMarks.ts).
    version: 9,
    name: 'rollup_dirty',
    sql: marksMigration,
  },
  {
    // The values Grafana's department, channel and priority variables offer (analytics/dimensions.ts).
    version: 10,
    name: 'event_dimensions',
    sql: dimensionsMigration,
  },
  {
    // The reports' counts and sums per day (analytics/rollups.ts: rollup_outcome_counts, rollup_resolved_by).
    version: 11,
    name: 'coarse_rollups',
    sql: coarseRollupMigration,
  },
  {
    // The completion times per bucket, by day and by month (analytics/rollups.ts: rollup_completion), for the reports' exact p90.
    version: 12,
    name: 'completion_rollups',
    sql: completionRollupMigration,
  },
];

export async function migrateAnalytics(ch: Analytics, db: string): Promise<number> {
  await ch.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` });
  await ch.command({
    query: `CREATE TABLE IF NOT EXISTS ${db}.schema_migrations (version UInt32, name String, applied_at DateTime DEFAULT now())
            ENGINE = ReplacingMergeTree ORDER BY version`,
  });
  const rows = await (await ch.query({ query: `SELECT version FROM ${db}.schema_migrations FINAL`, format: 'JSONEachRow' })).json<{ version: number }>();
  const applied = new Set(rows.map((r) => Number(r.version)));
  let count = 0;
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    for (const statement of m.sql(db)) await ch.command({ query: statement });
    await ch.insert({ table: `${db}.schema_migrations`, values: [{ version: m.version, name: m.name }], format: 'JSONEachRow' });
    count++;
  }
  return count;
}
