// Ships lifecycle events from the PostgreSQL outbox (IncidentEvent) to ClickHouse in batches.
// At-least-once: rows are marked shipped only after ClickHouse accepted them; a repeated
// delivery is collapsed by the ReplacingMergeTree key (event_id). While ClickHouse is
// unreachable events stay in the outbox and go out on a later tick: none is lost.
import type { Db } from '../infra/db';
import type { Analytics } from '../infra/clickhouse';
import { incidentEvents } from '../infra/metrics';
import { log } from '../infra/logger';

const BATCH = 1000;

export async function shipPendingEvents(db: Db, ch: Analytics, database: string): Promise<number> {
  const batch = await db.incidentEvent.findMany({ where: { shippedAt: null }, orderBy: { occurredAt: 'asc' }, take: BATCH });
  if (batch.length === 0) return 0;
  await ch.insert({
    table: `${database}.incident_events`,
    format: 'JSONEachRow',
    values: batch.map((e) => ({
      event_id: e.id,
      type: e.type,
      request_id: e.requestId,
      incident_id: e.incidentId,
      department_id: e.departmentId,
      service_id: e.serviceId,
      channel: e.channel ?? '',
      actor_id: e.actorId ?? '',
      occurred_at: e.occurredAt.getTime(),
    })),
    clickhouse_settings: { date_time_input_format: 'best_effort' },
  });
  await db.incidentEvent.updateMany({ where: { id: { in: batch.map((e) => e.id) } }, data: { shippedAt: new Date() } });
  for (const e of batch) incidentEvents.inc({ type: e.type });
  return batch.length;
}

export function startRelay(db: Db, ch: Analytics, database: string, intervalMs: number): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      while (!stopped && (await shipPendingEvents(db, ch, database)) === BATCH);
    } catch (error) {
      log.warn('analytics relay: delivery failed, will retry', { error: String(error) });
    }
  };
  const timer = setInterval(() => {
    running = running.then(tick);
  }, intervalMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
