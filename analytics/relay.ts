// Ships lifecycle events from the PostgreSQL outbox (IncidentEvent) to ClickHouse in batches,
// then the chat's (ChatEvent, chatRelay.ts) in the same tick.
// At-least-once: rows are marked shipped only after ClickHouse accepted them. While ClickHouse
// is unreachable events stay in the outbox and the relay retries with exponential backoff:
// none is lost or skipped, and batches go out oldest first. A repeated delivery changes no
// result: an identical batch is dropped by its insert deduplication token, any other duplicate
// is collapsed by event id (see migration 4 in analytics/migrations.ts), and the days and
// incidents a batch touched are marked (rollupMarks.ts) and recomputed in the pre-aggregated
// tables (rollups.ts) by the refresher beside the relay (rollupRefresher.ts).
import { type Database } from '../infra/db';
import { markShipped, pendingEvents, type OutboxRow } from '../domain/shared/eventsRepository';
import type { Analytics } from '../infra/clickhouse';
import { analyticsDeliveryFailures, incidentEvents } from '../infra/metrics';
import { log } from '../infra/logger';
import { shipPendingChatEvents } from './chatRelay';
import { batchToken } from './batchToken';
import { touchedBy } from './rollups';
import { markTouched, MarkSequence } from './rollupMarks';
import { startRollupRefresher } from './rollupRefresher';
import { startLoop } from '../infra/loop';

export { batchToken };

/** Events per delivery (one ClickHouse insert). */
export const BATCH = 1000;
const MAX_BACKOFF_MS = 30_000;

export type { OutboxRow };

/** An outbox row as a row of incident_events (JSONEachRow). */
export function eventRow(e: OutboxRow) {
  return {
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
    status: e.status ?? '',
    close_reason: e.closeReason ?? '',
    resolution_seconds: e.resolutionSeconds,
    sla_clock: e.slaClock ?? '',
    sla_due_at: e.slaDueAt?.getTime() ?? null,
    sla_target_seconds: e.slaTargetSeconds,
    sla_breached: e.slaBreached === null ? null : Number(e.slaBreached),
    score: e.score,
    occurred_at: e.occurredAt.getTime(),
  };
}

/** Writes outbox rows to ClickHouse; a repeated write of the same rows changes no result. */
export async function insertEvents(ch: Analytics, database: string, rows: OutboxRow[]): Promise<void> {
  await ch.insert({
    table: `${database}.incident_events`,
    format: 'JSONEachRow',
    values: rows.map(eventRow),
    clickhouse_settings: {
      date_time_input_format: 'best_effort',
      insert_deduplication_token: batchToken(rows),
      deduplicate_blocks_in_dependent_materialized_views: 1,
    },
  });
}

export async function shipPendingEvents(db: Database, ch: Analytics, store: string, seqs: MarkSequence): Promise<number> {
  const batch = await pendingEvents(db, BATCH);
  if (batch.length === 0) return 0;
  await insertEvents(ch, store, batch);
  // Before the outbox marks the batch shipped: a failed mark re-delivers the batch, and marks again.
  await markTouched(ch, store, seqs, touchedBy(batch));
  await markShipped(
    db,
    batch.map((e) => e.id),
    false,
  );
  for (const e of batch) incidentEvents.inc({ type: e.type });
  return batch.length;
}

/**
 * Ships pending events every intervalMs; after a failed delivery waits twice as long each time
 * (up to 30 s), and back to intervalMs after a success. Stopping waits for a delivery in flight.
 * The rollups of what was shipped are refreshed every refreshMs beside it.
 */
export function startRelay(db: Database, ch: Analytics, database: string, intervalMs: number, refreshMs: number): () => Promise<void> {
  const seqs = new MarkSequence();
  const stopRefresher = startRollupRefresher(ch, database, seqs, refreshMs);
  let delay = intervalMs;
  const stopLoop = startLoop(async (stopped) => {
    try {
      while (!stopped() && (await shipPendingEvents(db, ch, database, seqs)) === BATCH);
      while (!stopped() && (await shipPendingChatEvents(db, ch, database, BATCH)) === BATCH);
      delay = intervalMs;
    } catch (error) {
      analyticsDeliveryFailures.inc();
      delay = Math.min(delay * 2, Math.max(MAX_BACKOFF_MS, intervalMs));
      log.warn('analytics relay: delivery failed, events stay in the outbox', { error: String(error), retryInMs: delay });
    }
    return delay;
  }, intervalMs);
  return async () => {
    await stopLoop();
    await stopRefresher();
  };
}

/**
 * Applies the ClickHouse migrations, retrying with backoff while ClickHouse is unreachable
 * (the app serves meanwhile; events wait in the outbox), then runs the relay.
 */
export function startAnalytics(
  db: Database,
  ch: Analytics,
  database: string,
  intervals: { relayMs: number; refreshMs: number },
  migrate: () => Promise<number>,
): () => Promise<void> {
  let stopRelay: (() => Promise<void>) | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = async (delayMs: number) => {
    try {
      const applied = await migrate();
      log.info('analytics schema ready', { applied });
      if (!stopped) stopRelay = startRelay(db, ch, database, intervals.relayMs, intervals.refreshMs);
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
