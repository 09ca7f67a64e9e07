// The writer's ingest rate: the newest events of the staging table go through the relay's own
// writer (analytics/relay.ts insertEvents: batches of the relay's size, each with its insert
// deduplication token, into incident_events and its materialized views) beside a raw
// client.insert of the very same JSON rows, same batches, into the plain MergeTree table of
// the same columns. Both tables already hold the bulk-loaded rows. The rows are read and
// turned into outbox rows before the clock starts; the order of writer and raw alternates per
// chunk. Also timed on their own: the writer's JavaScript work (mapping and token), and raw
// inserts of a whole chunk at once (what larger batches would give).
import { BATCH, batchToken, eventRow, insertEvents, type OutboxRow } from '../analytics/relay';
import type { Analytics } from '../infra/clickhouse';
import { p50p99, round } from './stats';

const CHUNKS = 20;

interface SourceRow {
  event_id: string;
  type: string;
  request_id: string;
  incident_id: string | null;
  department_id: string | null;
  service_id: string | null;
  channel: string;
  actor_id: string;
  client_id: string | null;
  priority: string;
  assignee_id: string;
  service_class: string;
  service_type: string;
  problem_type: string;
  asset_id: string | null;
  seconds_since_filed: number | null;
  status: string;
  close_reason: string;
  resolution_seconds: number | null;
  sla_clock: string;
  sla_due_ms: string | null;
  sla_target_seconds: number | null;
  sla_breached: number | null;
  occurred_ms: string;
}

/** A staged event as the outbox row the relay would have read from PostgreSQL. */
const outboxRow = (s: SourceRow): OutboxRow => ({
  id: s.event_id,
  key: `${s.type}:${s.request_id}:${s.event_id}`,
  type: s.type,
  requestId: s.request_id,
  incidentId: s.incident_id,
  departmentId: s.department_id,
  serviceId: s.service_id,
  channel: s.channel || null,
  actorId: s.actor_id || null,
  clientId: s.client_id,
  priority: s.priority || null,
  assigneeId: s.assignee_id || null,
  serviceClass: s.service_class || null,
  serviceType: s.service_type || null,
  problemType: s.problem_type || null,
  assetId: s.asset_id,
  secondsSinceFiled: s.seconds_since_filed,
  status: s.status || null,
  closeReason: s.close_reason || null,
  resolutionSeconds: s.resolution_seconds,
  slaClock: s.sla_clock || null,
  slaDueAt: s.sla_due_ms === null ? null : new Date(Number(s.sla_due_ms)),
  slaTargetSeconds: s.sla_target_seconds,
  slaBreached: s.sla_breached === null ? null : s.sla_breached === 1,
  occurredAt: new Date(Number(s.occurred_ms)),
  shippedAt: null,
});

export interface IngestResult {
  rows: number;
  batch: number;
  writer: { seconds: number; rowsPerSecond: number; batchMs: ReturnType<typeof p50p99> };
  raw: { seconds: number; rowsPerSecond: number; batchMs: ReturnType<typeof p50p99> };
  /** writer's rate / raw rate (rows per second) */
  ratio: number;
  /** Of the writer's time: mapping rows and hashing the token in JavaScript. */
  writerJsSeconds: number;
  /** Raw inserts of whole chunks (about rows / 20 each) into the plain table. */
  rawLargeBatches: { rowsPerInsert: number; seconds: number; rowsPerSecond: number };
}

export async function measureIngest(ch: Analytics, db: string, cutoffMs: number, log: (s: string) => void): Promise<IngestResult> {
  const writerMs: number[] = [];
  const rawMs: number[] = [];
  let jsMs = 0;
  let largeMs = 0;
  let rows = 0;
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    const source = await (
      await ch.query({
        query: `SELECT * EXCEPT (occurred_at, sla_due_at), toUnixTimestamp64Milli(occurred_at) AS occurred_ms, toUnixTimestamp64Milli(sla_due_at) AS sla_due_ms
                FROM ${db}.bench_source
                WHERE occurred_at >= fromUnixTimestamp64Milli(toInt64(${cutoffMs}), 'UTC') AND cityHash64(event_id) % ${CHUNKS} = ${chunk}
                ORDER BY occurred_at, event_id`,
        format: 'JSONEachRow',
      })
    ).json<SourceRow>();
    const outbox = source.map(outboxRow);
    const batches = Array.from({ length: Math.ceil(outbox.length / BATCH) }, (_, i) => outbox.slice(i * BATCH, (i + 1) * BATCH));
    const json = batches.map((b) => b.map(eventRow));
    const writer = async () => {
      for (const b of batches) {
        const t0 = performance.now();
        await insertEvents(ch, db, b);
        writerMs.push(performance.now() - t0);
      }
    };
    const raw = async () => {
      for (const values of json) {
        const t0 = performance.now();
        await ch.insert({ table: `${db}.bench_plain`, values, format: 'JSONEachRow', clickhouse_settings: { date_time_input_format: 'best_effort' } });
        rawMs.push(performance.now() - t0);
      }
    };
    if (chunk % 2 === 0) await writer().then(raw);
    else await raw().then(writer);
    const t0 = performance.now();
    for (const b of batches) {
      b.map(eventRow);
      batchToken(b);
    }
    jsMs += performance.now() - t0;
    const t1 = performance.now();
    await ch.insert({ table: `${db}.bench_plain`, values: json.flat(), format: 'JSONEachRow', clickhouse_settings: { date_time_input_format: 'best_effort' } });
    largeMs += performance.now() - t1;
    rows += outbox.length;
    if (chunk % 5 === 4) log(`  ${rows} rows written by both`);
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / 1000;
  const rate = (xs: number[]) => ({ seconds: round(sum(xs), 2), rowsPerSecond: Math.round(rows / sum(xs)), batchMs: p50p99(xs) });
  return {
    rows,
    batch: BATCH,
    writer: rate(writerMs),
    raw: rate(rawMs),
    ratio: round(sum(rawMs) / sum(writerMs), 2),
    writerJsSeconds: round(jsMs / 1000, 2),
    rawLargeBatches: { rowsPerInsert: Math.round(rows / CHUNKS), seconds: round(largeMs / 1000, 2), rowsPerSecond: Math.round(rows / (largeMs / 1000)) },
  };
}
