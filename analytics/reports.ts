// The supervisor's summary of a period, from ClickHouse: requests completed, completion times,
// incidents per day, SLA compliance and load per agent. Every figure survives a re-delivered
// batch: the tables it reads are recomputed from the deduplicated events (analytics/rollups.ts).
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

/**
 * The summary's five queries, on the pre-aggregated tables (analytics/rollups.ts): closed
 * requests one row each in rollup_outcomes, incidents and SLA events per day in rollup_daily,
 * assignments per day, agent and incident in rollup_assigned. Each gives what its predecessor
 * over request_outcomes FINAL, events_daily and incident_events gave (tests/deploy/rollups.test.ts);
 * at 10 million events a year's summary went from 1-2 s to the figures in docs/performance.md.
 * Output aliases are distinct from the columns: an alias would shadow a column in WHERE.
 */
export function summaryQueries(database: string, scope: Pick<SummaryScope, 'departmentIds'>) {
  const inScope = scope.departmentIds ? 'AND department IN {departments:Array(String)}' : '';
  const period = 'day BETWEEN {from:Date} AND {to:Date}';
  return {
    outcomes: `
    SELECT count() AS n_completed,
           countIf(close_reason = 'resolved') AS n_resolved,
           avgIf(completion_seconds, close_reason = 'resolved') AS avg_completion,
           quantileExactIf(0.9)(completion_seconds, close_reason = 'resolved') AS p90_completion,
           avgIf(assumeNotNull(resolution_seconds), close_reason = 'resolved' AND resolution_seconds IS NOT NULL) AS avg_resolution,
           countIf(close_reason = 'resolved' AND resolution_seconds IS NOT NULL) AS n_with_resolution,
           countIf(with_incident = 1) AS n_with_incident,
           countIf(with_incident = 1 AND sla_breached = 0) AS n_within_sla
    FROM ${database}.rollup_outcomes WHERE ${period} ${inScope}`,
    reasons: `
    SELECT close_reason AS reason, count() AS n FROM ${database}.rollup_outcomes
    WHERE ${period} ${inScope} GROUP BY reason ORDER BY reason`,
    daily: `
    SELECT toString(day) AS d, toString(type) AS t, sum(events) AS n FROM ${database}.rollup_daily
    WHERE type IN ('incident.opened', 'incident.closed', 'sla.warning', 'sla.breach') AND ${period} ${inScope}
    GROUP BY day, type`,
    assigned: `
    SELECT agent, uniqExact(incident_id) AS n FROM ${database}.rollup_assigned
    WHERE ${period} ${inScope} GROUP BY agent`,
    resolvedBy: `
    SELECT assignee_id AS agent, count() AS n, avg(completion_seconds) AS avg_completion FROM ${database}.rollup_outcomes
    WHERE close_reason = 'resolved' AND assignee_id != '' AND ${period} ${inScope}
    GROUP BY agent`,
  };
}

export async function summary(ch: Analytics, database: string, scope: SummaryScope): Promise<Summary> {
  const params = { from: scope.from, to: scope.to, ...(scope.departmentIds ? { departments: scope.departmentIds } : {}) };
  const rows = async <T>(query: string) => (await ch.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>();
  const q = summaryQueries(database, scope);
  const [outcomes] = await rows<Record<string, unknown>>(q.outcomes);
  const reasons = await rows<{ reason: string; n: string }>(q.reasons);
  const daily = await rows<{ d: string; t: string; n: string }>(q.daily);
  const assigned = await rows<{ agent: string; n: string }>(q.assigned);
  const resolvedBy = await rows<{ agent: string; n: string; avg_completion: number }>(q.resolvedBy);

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
