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

export interface DailyCount {
  day: string;
  type: string;
  department_id: string;
  events: number;
}

/** Events per day, type and department from the daily aggregate (each event counted once). */
export async function dailyCounts(ch: Analytics, database: string, from: string, to: string, departmentIds: string[] | null): Promise<DailyCount[]> {
  const result = await ch.query({
    // Filter in a subquery: the output aliases (strings) would shadow the columns in WHERE.
    query: `SELECT toString(d) AS day, type, toString(dept) AS department_id, toUInt64(uniqExactMerge(events)) AS events
            FROM (
              SELECT day AS d, type, department_id AS dept, events FROM ${database}.events_daily
              WHERE day BETWEEN {from:Date} AND {to:Date}
                ${departmentIds ? 'AND department_id IN {departments:Array(UUID)}' : ''}
            )
            GROUP BY d, type, dept
            ORDER BY d, type, dept`,
    query_params: { from, to, ...(departmentIds ? { departments: departmentIds } : {}) },
    format: 'JSONEachRow',
  });
  return (await result.json<DailyCount>()).map((r) => ({ ...r, events: Number(r.events) }));
}
