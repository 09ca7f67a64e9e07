// Prometheus metrics (prom-client). Names follow Prometheus conventions: snake_case,
// a unit suffix, _total for counters. The API and the worker each serve their registry.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'incidentdesk_' });
// prom-client names these gauges with a _total suffix, which Prometheus reserves for counters
// (promtool check metrics rejects them); they add nothing the other process metrics lack.
for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
  registry.removeSingleMetric(`incidentdesk_${name}`);
}

export const httpRequests = new Counter({
  name: 'incidentdesk_http_requests_total',
  help: 'HTTP requests served, by method, route and status code',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});
export const httpDuration = new Histogram({
  name: 'incidentdesk_http_request_duration_seconds',
  help: 'HTTP request duration in seconds, by method and route',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});
export const requestsFiled = new Counter({
  name: 'incidentdesk_requests_filed_total',
  help: 'Service requests accepted at intake, by channel',
  labelNames: ['channel'] as const,
  registers: [registry],
});
export const requestsRejected = new Counter({
  name: 'incidentdesk_requests_rejected_total',
  help: 'Service requests rejected at intake, by reason',
  labelNames: ['reason'] as const,
  registers: [registry],
});
export const workflowsStarted = new Counter({
  name: 'incidentdesk_workflows_started_total',
  help: 'Service request workflows started',
  registers: [registry],
});
export const workflowStartsDeferred = new Counter({
  name: 'incidentdesk_workflow_starts_deferred_total',
  help: 'Requests recorded whose workflow could not be started at filing (Temporal unavailable); the reconciler starts them',
  registers: [registry],
});
export const workflowsReconciled = new Counter({
  name: 'incidentdesk_workflows_reconciled_total',
  help: 'Service request workflows the reconciler started for requests left NEW without one (a Temporal outage or a crash between the row and the start)',
  registers: [registry],
});
export const incidentEvents = new Counter({
  name: 'incidentdesk_incident_events_total',
  help: 'Lifecycle events delivered to the analytics store, by type',
  labelNames: ['type'] as const,
  registers: [registry],
});
export const activities = new Counter({
  name: 'incidentdesk_activities_total',
  help: 'Activity executions in this worker, by activity and outcome',
  labelNames: ['activity', 'outcome'] as const,
  registers: [registry],
});
export const activityDuration = new Histogram({
  name: 'incidentdesk_activity_duration_seconds',
  help: 'Activity execution time in seconds, by activity',
  labelNames: ['activity'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  registers: [registry],
});
export const notifications = new Counter({
  name: 'incidentdesk_notifications_total',
  help: 'Notification deliveries, by channel and outcome',
  labelNames: ['channel', 'outcome'] as const,
  registers: [registry],
});
export const smsReceipts = new Counter({
  name: 'incidentdesk_sms_receipts_total',
  help: 'SMS delivery receipts, by outcome (delivered, failed, repeat, unknown, intermediate)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
export const requestsClosed = new Counter({
  name: 'incidentdesk_requests_closed_total',
  help: 'Requests whose process ended, by outcome (resolved, order_failed, unlinked, closed_by_staff)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
export const slaEvents = new Counter({
  name: 'incidentdesk_sla_events_total',
  help: 'SLA clocks reaching a level (warning at 75 %, breach), by department, clock and level; counted by the worker when it happens',
  labelNames: ['department', 'clock', 'level'] as const,
  registers: [registry],
});
export const analyticsDeliveryFailures = new Counter({
  name: 'incidentdesk_analytics_delivery_failures_total',
  help: 'Failed deliveries of outbox events to ClickHouse (the events stay in the outbox and are retried)',
  registers: [registry],
});
export const rateLimited = new Counter({
  name: 'incidentdesk_rate_limited_total',
  help: 'Requests refused with 429 by a rate limit or the live-stream cap, by limit and by what it counts per (person, address)',
  labelNames: ['limit', 'per'] as const,
  registers: [registry],
});
/** The enterprise bus (domain/bus): intake messages by outcome (processed, replay, dead, retry). */
export const busMessages = new Counter({
  name: 'incidentdesk_bus_messages_total',
  help: 'Request intake messages taken off the bus, by outcome (processed, replay, dead, retry)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
export const busEventsPublished = new Counter({
  name: 'incidentdesk_bus_events_published_total',
  help: 'Lifecycle events published to the bus and confirmed by the broker',
  registers: [registry],
});
