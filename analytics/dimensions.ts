// The values of the dashboards' template variables (department, channel, priority), which
// Grafana reads whenever a dashboard loads: SELECT DISTINCT over incident_events read every
// event (10 million in the benchmark); this table holds one row per value. A materialized view
// adds the values of every inserted block; a duplicate delivery or a refill adds a value again,
// which the ReplacingMergeTree and the readers' DISTINCT collapse, so the set stays exact.
const VALUES = `arrayJoin(arrayFilter(v -> v.2 != '', [('department', ifNull(toString(department_id), '')), ('channel', toString(channel)), ('priority', toString(priority))])) AS kv_`;
const SELECT = (db: string) => `SELECT DISTINCT kv_.1 AS kind, kv_.2 AS value FROM (SELECT ${VALUES} FROM ${db}.incident_events)`;

/** Migration 10: the table, the view that keeps it, and its fill from the events already stored. */
export function dimensionsMigration(db: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${db}.event_dimensions (kind LowCardinality(String), value String) ENGINE = ReplacingMergeTree ORDER BY (kind, value)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.event_dimensions_mv TO ${db}.event_dimensions AS ${SELECT(db)}`,
    `INSERT INTO ${db}.event_dimensions ${SELECT(db)}`,
  ];
}
