// The dashboards' and the reports' queries as they read the raw events before the rollups
// (analytics/rollups.ts), kept to prove the new ones give the same figures (rollups.test.ts).
// The backlog panels are the ones that rebuilt every incident from all its events; the
// resolution-time histogram's raw hours are counted per whole hour, as its new bar chart shows.
import type { SummaryScope } from '../../analytics/reports';

export const LEGACY_PANELS: Record<string, string> = {
  'Open incidents (backlog)':
    "SELECT count() AS open FROM (SELECT incident_id, minIf(occurred_at, type = 'incident.opened') AS opened, countIf(type = 'incident.closed') AS closed, countIf(type = 'sla.breach') AS breaches, argMax(assignee_id, occurred_at) AS assignee FROM incident_desk.incident_events FINAL WHERE incident_id IS NOT NULL AND ('__all' IN (${department:singlequote}) OR toString(department_id) IN (${department:singlequote})) AND ('__all' IN (${channel:singlequote}) OR channel IN (${channel:singlequote})) AND ('__all' IN (${priority:singlequote}) OR priority IN (${priority:singlequote})) GROUP BY incident_id) WHERE closed = 0",
  'Backlog age, median and oldest (hours)':
    "SELECT round(quantile(0.5)(dateDiff('second', opened, now())) / 3600, 1) AS median_hours, round(max(dateDiff('second', opened, now())) / 3600, 1) AS oldest_hours FROM (SELECT incident_id, minIf(occurred_at, type = 'incident.opened') AS opened, countIf(type = 'incident.closed') AS closed, countIf(type = 'sla.breach') AS breaches, argMax(assignee_id, occurred_at) AS assignee FROM incident_desk.incident_events FINAL WHERE incident_id IS NOT NULL AND ('__all' IN (${department:singlequote}) OR toString(department_id) IN (${department:singlequote})) AND ('__all' IN (${channel:singlequote}) OR channel IN (${channel:singlequote})) AND ('__all' IN (${priority:singlequote}) OR priority IN (${priority:singlequote})) GROUP BY incident_id) WHERE closed = 0",
  'SLA compliance of closed incidents':
    "SELECT if(count() = 0, 1, countIf(breaches = 0) / count()) AS compliance FROM (SELECT incident_id, minIf(occurred_at, type = 'incident.opened') AS opened, countIf(type = 'incident.closed') AS closed, countIf(type = 'sla.breach') AS breaches, argMax(assignee_id, occurred_at) AS assignee FROM incident_desk.incident_events FINAL WHERE incident_id IS NOT NULL AND ('__all' IN (${department:singlequote}) OR toString(department_id) IN (${department:singlequote})) AND ('__all' IN (${channel:singlequote}) OR channel IN (${channel:singlequote})) AND ('__all' IN (${priority:singlequote}) OR priority IN (${priority:singlequote})) GROUP BY incident_id) WHERE closed > 0 AND opened >= $__fromTime",
  'SLA breaches in period':
    "SELECT count() AS breaches FROM incident_desk.incident_events FINAL WHERE type = 'sla.breach' AND $__timeFilter(occurred_at) AND ('__all' IN (${department:singlequote}) OR toString(department_id) IN (${department:singlequote})) AND ('__all' IN (${channel:singlequote}) OR channel IN (${channel:singlequote})) AND ('__all' IN (${priority:singlequote}) OR priority IN (${priority:singlequote}))",
  'Throughput per day: opened vs closed':
    "SELECT toDateTime(day) AS time, uniqExactMergeIf(events, type = 'incident.opened') AS opened, uniqExactMergeIf(events, type = 'incident.closed') AS closed FROM incident_desk.events_daily WHERE day >= toDate($__fromTime) AND ('__all' IN (${department:singlequote}) OR toString(department_id) IN (${department:singlequote})) AND ('__all' IN (${channel:singlequote}) OR channel IN (${channel:singlequote})) AND ('__all' IN (${priority:singlequote}) OR priority IN (${priority:singlequote})) GROUP BY day ORDER BY day",
  'SLA warnings and breaches per day':
    "SELECT toDateTime(day) AS time, uniqExactMergeIf(events, type = 'sla.warning') AS warnings, uniqExactMergeIf(events, type = 'sla.breach') AS breaches FROM incident_desk.events_daily WHERE day >= toDate($__fromTime) AND ('__all' IN (${department:singlequote}) OR toString(department_id) IN (${department:singlequote})) AND ('__all' IN (${channel:singlequote}) OR channel IN (${channel:singlequote})) AND ('__all' IN (${priority:singlequote}) OR priority IN (${priority:singlequote})) GROUP BY day ORDER BY day",
  'Open incidents per agent':
    "SELECT assignee AS agent, count() AS open FROM (SELECT incident_id, minIf(occurred_at, type = 'incident.opened') AS opened, countIf(type = 'incident.closed') AS closed, countIf(type = 'sla.breach') AS breaches, argMax(assignee_id, occurred_at) AS assignee FROM incident_desk.incident_events FINAL WHERE incident_id IS NOT NULL AND ('__all' IN (${department:singlequote}) OR toString(department_id) IN (${department:singlequote})) AND ('__all' IN (${channel:singlequote}) OR channel IN (${channel:singlequote})) AND ('__all' IN (${priority:singlequote}) OR priority IN (${priority:singlequote})) GROUP BY incident_id) WHERE closed = 0 AND assignee != '' GROUP BY agent ORDER BY open DESC, agent LIMIT 30",
  'Incidents worked per agent in period':
    'SELECT assignee_id AS agent, uniqExactMerge(incidents) AS incidents FROM incident_desk.agent_daily WHERE day >= toDate($__fromTime) GROUP BY agent ORDER BY incidents DESC LIMIT 30',
  'Requests by channel':
    "SELECT channel, count() AS requests FROM incident_desk.incident_events FINAL WHERE type = 'request.filed' AND $__timeFilter(occurred_at) AND ('__all' IN (${department:singlequote}) OR toString(department_id) IN (${department:singlequote})) AND ('__all' IN (${channel:singlequote}) OR channel IN (${channel:singlequote})) AND ('__all' IN (${priority:singlequote}) OR priority IN (${priority:singlequote})) GROUP BY channel ORDER BY requests DESC",
  'Requests by service class and type':
    "SELECT concat(service_class, ' / ', service_type) AS service, count() AS requests FROM incident_desk.incident_events FINAL WHERE type = 'request.filed' AND $__timeFilter(occurred_at) AND ('__all' IN (${department:singlequote}) OR toString(department_id) IN (${department:singlequote})) AND ('__all' IN (${channel:singlequote}) OR channel IN (${channel:singlequote})) AND ('__all' IN (${priority:singlequote}) OR priority IN (${priority:singlequote})) GROUP BY service ORDER BY requests DESC LIMIT 20",
  'Requests by problem type':
    "SELECT if(problem_type = '', '(none)', problem_type) AS problem, count() AS requests FROM incident_desk.incident_events FINAL WHERE type = 'request.filed' AND $__timeFilter(occurred_at) AND ('__all' IN (${department:singlequote}) OR toString(department_id) IN (${department:singlequote})) AND ('__all' IN (${channel:singlequote}) OR channel IN (${channel:singlequote})) AND ('__all' IN (${priority:singlequote}) OR priority IN (${priority:singlequote})) GROUP BY problem ORDER BY requests DESC LIMIT 20",
  'Incidents opened per day':
    "SELECT toDateTime(day) AS time, uniqExactMerge(events) AS incidents FROM incident_desk.events_daily WHERE type = 'incident.opened' AND day >= toDate($__fromTime) AND ('__all' IN (${department:singlequote}) OR toString(department_id) IN (${department:singlequote})) AND ('__all' IN (${channel:singlequote}) OR channel IN (${channel:singlequote})) AND ('__all' IN (${priority:singlequote}) OR priority IN (${priority:singlequote})) GROUP BY day ORDER BY day",
  'Resolution time, filed to closed (hours)':
    "SELECT toUInt32(floor(h_)) AS hours, count() AS requests FROM (SELECT hours AS h_ FROM (SELECT seconds_since_filed / 3600 AS hours FROM incident_desk.incident_events FINAL WHERE type = 'request.closed' AND seconds_since_filed IS NOT NULL AND $__timeFilter(occurred_at) AND ('__all' IN (${department:singlequote}) OR toString(department_id) IN (${department:singlequote})) AND ('__all' IN (${channel:singlequote}) OR channel IN (${channel:singlequote})) AND ('__all' IN (${priority:singlequote}) OR priority IN (${priority:singlequote})))) GROUP BY hours",
  'Top clients by requests':
    "SELECT toString(client_id) AS client, count() AS requests FROM incident_desk.incident_events FINAL WHERE type = 'request.filed' AND client_id IS NOT NULL AND $__timeFilter(occurred_at) AND ('__all' IN (${department:singlequote}) OR toString(department_id) IN (${department:singlequote})) AND ('__all' IN (${channel:singlequote}) OR channel IN (${channel:singlequote})) AND ('__all' IN (${priority:singlequote}) OR priority IN (${priority:singlequote})) GROUP BY client ORDER BY requests DESC LIMIT 20",
  'Top assets by incidents':
    "SELECT toString(asset_id) AS asset, count() AS incidents FROM incident_desk.incident_events FINAL WHERE type = 'incident.opened' AND asset_id IS NOT NULL AND $__timeFilter(occurred_at) AND ('__all' IN (${department:singlequote}) OR toString(department_id) IN (${department:singlequote})) AND ('__all' IN (${channel:singlequote}) OR channel IN (${channel:singlequote})) AND ('__all' IN (${priority:singlequote}) OR priority IN (${priority:singlequote})) GROUP BY asset ORDER BY incidents DESC LIMIT 20",
};

/** The dashboards' template variables as they were, before event_dimensions (analytics/dimensions.ts). */
export const LEGACY_VARIABLES: Record<string, string> = {
  department: 'SELECT DISTINCT toString(department_id) FROM incident_desk.incident_events WHERE department_id IS NOT NULL',
  channel: "SELECT DISTINCT channel FROM incident_desk.incident_events WHERE channel != ''",
  priority: "SELECT DISTINCT priority FROM incident_desk.incident_events WHERE priority != ''",
};

/** analytics/reports.ts's five queries as they were, over request_outcomes FINAL, events_daily and incident_events. */
export function legacyReportQueries(database: string, scope: Pick<SummaryScope, 'departmentIds'>) {
  const inScope = scope.departmentIds ? 'AND department_id IN {departments:Array(UUID)}' : '';
  const closedIn = `toDate(closed_at) BETWEEN {from:Date} AND {to:Date} ${inScope}`;
  return {
    outcomes: `
    SELECT count() AS n_completed,
           countIf(close_reason = 'resolved') AS n_resolved,
           avgIf(completion_seconds, close_reason = 'resolved') AS avg_completion,
           quantileExactIf(0.9)(completion_seconds, close_reason = 'resolved') AS p90_completion,
           avgIf(assumeNotNull(resolution_seconds), close_reason = 'resolved' AND resolution_seconds IS NOT NULL) AS avg_resolution,
           countIf(close_reason = 'resolved' AND resolution_seconds IS NOT NULL) AS n_with_resolution,
           countIf(incident_id IS NOT NULL) AS n_with_incident,
           countIf(incident_id IS NOT NULL AND sla_breached = 0) AS n_within_sla
    FROM ${database}.request_outcomes FINAL WHERE ${closedIn}`,
    reasons: `SELECT close_reason AS reason, count() AS n FROM ${database}.request_outcomes FINAL WHERE ${closedIn} GROUP BY reason ORDER BY reason`,
    daily: `
    SELECT toString(day_) AS d, type_ AS t, uniqExactMerge(events) AS n
    FROM (
      SELECT day AS day_, type AS type_, events FROM ${database}.events_daily
      WHERE day BETWEEN {from:Date} AND {to:Date} ${inScope}
        AND type IN ('incident.opened', 'incident.closed', 'sla.warning', 'sla.breach')
    )
    GROUP BY day_, type_`,
    assigned: `
    SELECT assignee AS agent, uniqExact(incident) AS n
    FROM (
      SELECT assignee_id AS assignee, incident_id AS incident FROM ${database}.incident_events
      WHERE type = 'incident.assigned' AND assignee_id != '' AND toDate(occurred_at) BETWEEN {from:Date} AND {to:Date} ${inScope}
    )
    GROUP BY agent`,
    resolvedBy: `
    SELECT assignee_id AS agent, count() AS n, avg(completion_seconds) AS avg_completion
    FROM ${database}.request_outcomes FINAL
    WHERE close_reason = 'resolved' AND assignee_id != '' AND ${closedIn}
    GROUP BY agent`,
  };
}
