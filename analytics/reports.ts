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

// The reports' exact p90 of the resolved requests' completion times, without reading every
// value: a year's quantileExact over rollup_outcomes read 0.8 M rows (the year's summary took
// 814-1314 ms at p99, docs/performance.md). Here the period's histogram of log-scale buckets
// (analytics/rollups.ts: rollup_completion_months for the whole months inside the period,
// rollup_completion for the days at its ends) names the bucket that holds the p90 and how many
// values lie below it; only that bucket's values are then read and sorted. The value picked is
// the one quantileExact(0.9) returns: the element at index floor(0.9 * n) of the sorted values
// (tests/deploy/rollups.test.ts compares the two on every period and scope).

/** One row, one column `p90_completion` (0 when nothing was resolved, as quantileExact gives). */
export function completionP90(database: string, inScope: string): string {
  const whole = `day >= if(toStartOfMonth({from:Date}) = {from:Date}, {from:Date}, addMonths(toStartOfMonth({from:Date}), 1))
                 AND day < toStartOfMonth(addDays({to:Date}, 1))`;
  const period = 'day BETWEEN {from:Date} AND {to:Date}';
  const histogram = `
    SELECT bucket, sum(requests) AS n_ FROM (
      SELECT bucket, requests FROM ${database}.rollup_completion_months WHERE ${whole} ${inScope}
      UNION ALL
      SELECT bucket, requests FROM ${database}.rollup_completion WHERE ${period} AND NOT (${whole}) ${inScope}
    ) GROUP BY bucket`;
  // The bucket where the running count first passes the p90's index, and its index within that bucket.
  const pick = `
    SELECT tuple(any(bucket), any(index_ - (running_ - n_))) FROM (
      SELECT bucket, n_, running_, toUInt64(0.9 * total_) AS index_ FROM (
        SELECT bucket, n_, sum(n_) OVER (ORDER BY bucket ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_, sum(n_) OVER () AS total_
        FROM (${histogram})
      ) WHERE running_ > index_ ORDER BY bucket LIMIT 1
    )`;
  return `
    WITH (${pick}) AS pick_
    SELECT if(count() = 0, 0, arraySort(arrayFlatten(groupArray(arrayWithConstant(requests, completion_seconds))))[pick_.2 + 1]) AS p90_completion
    FROM ${database}.rollup_completion WHERE bucket = pick_.1 AND ${period} ${inScope}`;
}

/**
 * The summary's five queries, on the pre-aggregated tables (analytics/rollups.ts): closed
 * requests counted per day in rollup_outcome_counts and rollup_resolved_by (the exact p90 from
 * rollup_completion's buckets, completionP90 above), incidents and SLA events per day in
 * rollup_daily, assignments counted per day and agent in rollup_assigned_first (rollup_assigned
 * for several departments). Each gives what its predecessor
 * over request_outcomes FINAL, events_daily and incident_events gave (tests/deploy/rollups.test.ts);
 * at 10 million events a year's summary went from 1-2 s to the figures in docs/performance.md.
 * Output aliases are distinct from the columns: an alias would shadow a column in WHERE.
 */
export function summaryQueries(database: string, scope: Pick<SummaryScope, 'departmentIds'>) {
  const inScope = scope.departmentIds ? 'AND department IN {departments:Array(String)}' : '';
  const period = 'day BETWEEN {from:Date} AND {to:Date}';
  const several = (scope.departmentIds?.length ?? 0) > 1;
  return {
    // Counts and averages from the per-day sums; the exact p90 from the completion times' buckets.
    outcomes: `
    SELECT n_completed, n_resolved, avg_completion, p90_completion, avg_resolution, n_with_resolution, n_with_incident, n_within_sla
    FROM (
      SELECT sum(requests) AS n_completed,
             sumIf(requests, close_reason = 'resolved') AS n_resolved,
             sumIf(completion_sum, close_reason = 'resolved') / sumIf(requests, close_reason = 'resolved') AS avg_completion,
             sumIf(resolution_sum, close_reason = 'resolved') / sumIf(resolutions, close_reason = 'resolved') AS avg_resolution,
             sumIf(resolutions, close_reason = 'resolved') AS n_with_resolution,
             sumIf(requests, with_incident = 1) AS n_with_incident,
             sumIf(requests, with_incident = 1 AND sla_breached = 0) AS n_within_sla
      FROM ${database}.rollup_outcome_counts WHERE ${period} ${inScope}
    ) AS counts_ CROSS JOIN (${completionP90(database, inScope)}) AS p90_`,
    reasons: `
    SELECT close_reason AS reason, sum(requests) AS n FROM ${database}.rollup_outcome_counts
    WHERE ${period} ${inScope} GROUP BY reason ORDER BY reason`,
    daily: `
    SELECT toString(day) AS d, toString(type) AS t, sum(events) AS n FROM ${database}.rollup_daily
    WHERE type IN ('incident.opened', 'incident.closed', 'sla.warning', 'sla.breach') AND ${period} ${inScope}
    GROUP BY day, type`,
    // Each incident once per agent: counted on its first day in the period (rollup_assigned_first).
    // Several departments need the incidents themselves (one may have moved between them).
    assigned: several
      ? `
    SELECT agent, uniqExact(incident_id) AS n FROM ${database}.rollup_assigned
    WHERE ${period} ${inScope} GROUP BY agent`
      : `
    SELECT agent, sum(incidents) AS n FROM ${database}.rollup_assigned_first
    WHERE ${period} ${scope.departmentIds ? `${inScope} AND before_department < {from:Date}` : 'AND first_of_day = 1 AND before_any < {from:Date}'}
    GROUP BY agent`,
    resolvedBy: `
    SELECT agent, sum(requests) AS n, sum(completion_sum) / n AS avg_completion FROM ${database}.rollup_resolved_by
    WHERE ${period} ${inScope} GROUP BY agent`,
  };
}

export async function summary(ch: Analytics, database: string, scope: SummaryScope): Promise<Summary> {
  const params = { from: scope.from, to: scope.to, ...(scope.departmentIds ? { departments: scope.departmentIds } : {}) };
  const rows = async <T>(query: string) => (await ch.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>();
  const q = summaryQueries(database, scope);
  // The five are independent: sent together, the summary waits for the slowest, not the sum.
  const [[outcomes], reasons, daily, assigned, resolvedBy] = await Promise.all([
    rows<Record<string, unknown>>(q.outcomes),
    rows<{ reason: string; n: string }>(q.reasons),
    rows<{ d: string; t: string; n: string }>(q.daily),
    rows<{ agent: string; n: string }>(q.assigned),
    rows<{ agent: string; n: string; avg_completion: number }>(q.resolvedBy),
  ]);

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
