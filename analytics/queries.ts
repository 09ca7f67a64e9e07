// Reads from the ClickHouse event store.
import type { Analytics } from '../infra/clickhouse';

export interface StoredEvent {
  event_id: string;
  type: string;
  request_id: string;
  incident_id: string | null;
  channel: string;
  actor_id: string;
  occurred_at: string;
}

export async function eventsOfRequest(ch: Analytics, database: string, requestId: string): Promise<StoredEvent[]> {
  const result = await ch.query({
    query: `SELECT event_id, type, request_id, incident_id, channel, actor_id, occurred_at
            FROM ${database}.incident_events FINAL
            WHERE request_id = {requestId:UUID}
            ORDER BY occurred_at, type`,
    query_params: { requestId },
    format: 'JSONEachRow',
  });
  return result.json<StoredEvent>();
}
