// Ships lifecycle events from the PostgreSQL outbox (IncidentEvent) to ClickHouse in batches.
// At-least-once: rows are marked shipped only after ClickHouse accepted them; a repeated
// delivery is collapsed by the ReplacingMergeTree key (event_id). While ClickHouse is
// unreachable events stay in the outbox and go out on a later tick: none is lost.
import type { Db } from '../infra/db';
import type { Analytics } from '../infra/clickhouse';
import { incidentEvents } from '../infra/metrics';
import { log } from '../infra/logger';

const BATCH = 1000;

type OutboxRow = Awaited<ReturnType<Db['incidentEvent']['findMany']>>[number];

/** Writes outbox rows to ClickHouse; a repeated write of the same rows changes no result. */
export async function insertEvents(ch: Analytics, database: string, rows: OutboxRow[]): Promise<void> {
  await ch.insert({
    table: `${database}.incident_events`,
    format: 'JSONEachRow',
    values: rows.map((e) => ({
      event_id: e.id,
      type: e.type,
      request_id: e.requestId,
      incident_id: e.incidentId,
      department_id: e.departmentId,
      service_id: e.serviceId,
      channel: e.channel ?? '',
      actor_id: e.actorId ?? '',
      client_id: e.clientId,
      priority: e.priority ?? '',
      assignee_id: e.assigneeId ?? '',
      service_class: e.serviceClass ?? '',
      service_type: e.serviceType ?? '',
      problem_type: e.problemType ?? '',
      asset_id: e.assetId,
      seconds_since_filed: e.secondsSinceFiled,
      occurred_at: e.occurredAt.getTime(),
    })),
    clickhouse_settings: { date_time_input_format: 'best_effort' },
  });
}

export async function shipPendingEvents(db: Db, ch: Analytics, database: string): Promise<number> {
  const batch = await db.incidentEvent.findMany({ where: { shippedAt: null }, orderBy: { occurredAt: 'asc' }, take: BATCH });
  if (batch.length === 0) return 0;
  await insertEvents(ch, database, batch);
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

/**
 * Applies the ClickHouse migrations, retrying with backoff while ClickHouse is unreachable
 * (the app serves meanwhile; events wait in the outbox), then runs the relay.
 */
export function startAnalytics(db: Db, ch: Analytics, database: string, intervalMs: number, migrate: () => Promise<number>): () => Promise<void> {
  let stopRelay: (() => Promise<void>) | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = async (delayMs: number) => {
    try {
      const applied = await migrate();
      log.info('analytics schema ready', { applied });
      if (!stopped) stopRelay = startRelay(db, ch, database, intervalMs);
    } catch (error) {
      log.warn('analytics: ClickHouse unreachable, events wait in the outbox', { error: String(error), retryInMs: delayMs });
      if (!stopped) timer = setTimeout(() => void attempt(Math.min(delayMs * 2, 60_000)), delayMs);
    }
  };
  void attempt(1000);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await stopRelay?.();
  };
}
