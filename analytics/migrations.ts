// Versioned ClickHouse migrations, applied in order at start-up by the process that owns
// analytics. The same SQL runs on embedded chDB and on a ClickHouse server.
import type { Analytics } from '../infra/clickhouse';

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
