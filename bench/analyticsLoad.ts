// Loads the generated year of events (bench/analyticsEvents.ts) into a fresh analytics store
// migrated by the project's own migrations. The events are generated once into a staging table;
// all but the newest `writerRows` then go into incident_events with one INSERT ... SELECT (the
// materialized views fill events_daily, agent_daily and request_outcomes as in production),
// and, as the baseline, the same rows into a plain MergeTree table of the same columns without
// views. The newest rows are left for the writer (bench/analyticsIngest.ts).
import type { Analytics } from '../infra/clickhouse';
import { COLUMNS, eventCountSelect, eventsSelect } from './analyticsEvents';
import { round } from './stats';

export interface LoadResult {
  events: number;
  requests: number;
  generateSeconds: number;
  /** Rows loaded by INSERT ... SELECT, into incident_events (views fire) and the plain table; ratio of their rates. */
  bulk: { rows: number; withViews: Rate; plain: Rate; ratio: number };
  /** The newest events, left in the staging table for the writer: occurred_at >= cutoffMs. */
  cutoffMs: number;
}
interface Rate {
  seconds: number;
  rowsPerSecond: number;
}

const seconds = async (task: () => Promise<unknown>) => {
  const t0 = performance.now();
  await task();
  return (performance.now() - t0) / 1000;
};

export async function loadEvents(
  ch: Analytics,
  db: string,
  departmentIds: string[],
  total: number,
  writerRows: number,
  log: (s: string) => void,
): Promise<LoadResult> {
  const value = async (query: string) =>
    Number(Object.values((await (await ch.query({ query, format: 'JSONEachRow' })).json<Record<string, unknown>>())[0]!)[0]);
  const like = (name: string) =>
    ch.command({
      query: `CREATE TABLE ${db}.${name} AS ${db}.incident_events ENGINE = MergeTree PARTITION BY toYYYYMM(occurred_at) ORDER BY (type, toDate(occurred_at), event_id)`,
    });
  await like('bench_source');
  await like('bench_plain');

  // How many requests give `total` events (failed and open requests have fewer); a little more
  // is generated and the excess cut.
  let requests = Math.ceil(total / 11);
  const perRequest = (await value(eventCountSelect(requests, departmentIds))) / requests;
  requests = Math.ceil((total / perRequest) * 1.002);
  while ((await value(eventCountSelect(requests, departmentIds))) < total) requests = Math.ceil(requests * 1.002);
  log(`generating ${total} events of ${requests} requests (${round(perRequest, 2)} events a request)`);
  const generateSeconds = await seconds(() =>
    ch.command({ query: `INSERT INTO ${db}.bench_source (${COLUMNS}) ${eventsSelect(requests, departmentIds)} LIMIT ${total}` }),
  );
  const events = await value(`SELECT count() FROM ${db}.bench_source`);
  const cutoffMs = await value(`SELECT toUnixTimestamp64Milli(occurred_at) FROM ${db}.bench_source ORDER BY occurred_at DESC LIMIT 1 OFFSET ${writerRows - 1}`);
  const older = `SELECT * FROM ${db}.bench_source WHERE occurred_at < fromUnixTimestamp64Milli(toInt64(${cutoffMs}), 'UTC')`;
  const rows = await value(`SELECT count() FROM (${older})`);
  log(`generated in ${round(generateSeconds)} s; loading ${rows} into the plain table, then into incident_events`);
  const plain = await seconds(() => ch.command({ query: `INSERT INTO ${db}.bench_plain ${older}` }));
  const withViews = await seconds(() => ch.command({ query: `INSERT INTO ${db}.incident_events ${older}` }));
  const rate = (s: number) => ({ seconds: round(s, 2), rowsPerSecond: Math.round(rows / s) });
  return {
    events,
    requests,
    generateSeconds: round(generateSeconds, 2),
    bulk: { rows, withViews: rate(withViews), plain: rate(plain), ratio: round(plain / withViews, 2) },
    cutoffMs,
  };
}
