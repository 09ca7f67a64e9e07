// The supervisor's summary of a period, from ClickHouse: requests completed, completion times,
// incidents per day, SLA compliance and load per agent. Every figure survives a re-delivered
// batch: request_outcomes is read FINAL (one row per request), events_daily with uniqExactMerge,
// and assignments are counted as distinct incident ids.
import type { Analytics } from '../infra/clickhouse';

export interface SummaryScope {
  from: string; // YYYY-MM-DD, inclusive (UTC days)
  to: string; // inclusive
  /** Department ids to include; null: every department. */
  departmentIds: string[] | null;
}

export interface Summary {
  requests: {
    /** Requests closed in the period, whatever the reason. */
    completed: number;
    /** Of those, closed because their incident was resolved. */
    resolved: number;
    byCloseReason: Record<string, number>;
    /** Filing to closure of the resolved requests (seconds). */
    averageCompletionSeconds: number | null;
    p90CompletionSeconds: number | null;
    /** Filing to the (last) resolution of the resolved requests (seconds). */
    averageResolutionSeconds: number | null;
  };
  incidentsPerDay: { day: string; opened: number; closed: number }[];
  sla: {
    /** Requests closed in the period that had an incident. */
    closedWithIncident: number;
    /** Of those, how many never breached a response or resolution target. */
    withinSla: number;
    /** withinSla / closedWithIncident, null when nothing closed. */
    compliance: number | null;
    warnings: number;
    breaches: number;
  };
  agents: { agentId: string; assigned: number; resolved: number; averageCompletionSeconds: number | null }[];
}

const num = (v: unknown) => Number(v ?? 0);
const orNull = (v: unknown, when: boolean) => (when && v !== null && Number.isFinite(Number(v)) ? Math.round(Number(v)) : null);

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) out.push(d.toISOString().slice(0, 10));
  return out;
}

export async function summary(ch: Analytics, database: string, scope: SummaryScope): Promise<Summary> {
  const params = { from: scope.from, to: scope.to, ...(scope.departmentIds ? { departments: scope.departmentIds } : {}) };
  const inScope = scope.departmentIds ? 'AND department_id IN {departments:Array(UUID)}' : '';
  const rows = async <T>(query: string) => (await ch.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>();

  // Output aliases are distinct from the columns: an alias would shadow a column in WHERE.
  const [outcomes] = await rows<Record<string, unknown>>(`
    SELECT count() AS n_completed,
           countIf(close_reason = 'resolved') AS n_resolved,
           avgIf(completion_seconds, close_reason = 'resolved') AS avg_completion,
           quantileExactIf(0.9)(completion_seconds, close_reason = 'resolved') AS p90_completion,
           avgIf(assumeNotNull(resolution_seconds), close_reason = 'resolved' AND resolution_seconds IS NOT NULL) AS avg_resolution,
           countIf(close_reason = 'resolved' AND resolution_seconds IS NOT NULL) AS n_with_resolution,
           countIf(incident_id IS NOT NULL) AS n_with_incident,
           countIf(incident_id IS NOT NULL AND sla_breached = 0) AS n_within_sla
    FROM ${database}.request_outcomes FINAL
    WHERE toDate(closed_at) BETWEEN {from:Date} AND {to:Date} ${inScope}`);
  const reasons = await rows<{ reason: string; n: string }>(`
    SELECT close_reason AS reason, count() AS n FROM ${database}.request_outcomes FINAL
    WHERE toDate(closed_at) BETWEEN {from:Date} AND {to:Date} ${inScope}
    GROUP BY reason ORDER BY reason`);
  const daily = await rows<{ d: string; t: string; n: string }>(`
    SELECT toString(day_) AS d, type_ AS t, uniqExactMerge(events) AS n
    FROM (
      SELECT day AS day_, type AS type_, events FROM ${database}.events_daily
      WHERE day BETWEEN {from:Date} AND {to:Date} ${inScope}
        AND type IN ('incident.opened', 'incident.closed', 'sla.warning', 'sla.breach')
    )
    GROUP BY day_, type_`);
  const assigned = await rows<{ agent: string; n: string }>(`
    SELECT assignee AS agent, uniqExact(incident) AS n
    FROM (
      SELECT assignee_id AS assignee, incident_id AS incident FROM ${database}.incident_events
      WHERE type = 'incident.assigned' AND assignee_id != '' AND toDate(occurred_at) BETWEEN {from:Date} AND {to:Date} ${inScope}
    )
    GROUP BY agent`);
  const resolvedBy = await rows<{ agent: string; n: string; avg_completion: number }>(`
    SELECT assignee_id AS agent, count() AS n, avg(completion_seconds) AS avg_completion
    FROM ${database}.request_outcomes FINAL
    WHERE close_reason = 'resolved' AND assignee_id != '' AND toDate(closed_at) BETWEEN {from:Date} AND {to:Date} ${inScope}
    GROUP BY agent`);

  const perDay = new Map(days(scope.from, scope.to).map((d) => [d, { day: d, opened: 0, closed: 0 }]));
  let warnings = 0;
  let breaches = 0;
  for (const r of daily) {
    const day = perDay.get(r.d);
    if (r.t === 'incident.opened' && day) day.opened += num(r.n);
    if (r.t === 'incident.closed' && day) day.closed += num(r.n);
    if (r.t === 'sla.warning') warnings += num(r.n);
    if (r.t === 'sla.breach') breaches += num(r.n);
  }
  const agents = new Map<string, Summary['agents'][number]>();
  const agent = (id: string) => agents.get(id) ?? agents.set(id, { agentId: id, assigned: 0, resolved: 0, averageCompletionSeconds: null }).get(id)!;
  for (const r of assigned) agent(r.agent).assigned = num(r.n);
  for (const r of resolvedBy) Object.assign(agent(r.agent), { resolved: num(r.n), averageCompletionSeconds: orNull(r.avg_completion, num(r.n) > 0) });

  const o = outcomes ?? {};
  const resolved = num(o.n_resolved);
  const withIncident = num(o.n_with_incident);
  return {
    requests: {
      completed: num(o.n_completed),
      resolved,
      byCloseReason: Object.fromEntries(reasons.map((r) => [r.reason, num(r.n)])),
      averageCompletionSeconds: orNull(o.avg_completion, resolved > 0),
      p90CompletionSeconds: orNull(o.p90_completion, resolved > 0),
      averageResolutionSeconds: orNull(o.avg_resolution, num(o.n_with_resolution) > 0),
    },
    incidentsPerDay: [...perDay.values()],
    sla: {
      closedWithIncident: withIncident,
      withinSla: num(o.n_within_sla),
      compliance: withIncident > 0 ? num(o.n_within_sla) / withIncident : null,
      warnings,
      breaches,
    },
    agents: [...agents.values()].sort((a, b) => b.assigned - a.assigned || b.resolved - a.resolved || a.agentId.localeCompare(b.agentId)),
  };
}
