// Gauges of the open backlog per department, computed from the database when Prometheus
// scrapes (at most once per CACHE_MS, so frequent scrapes cost one query), and the analytics
// outbox's undelivered events.
import { Gauge } from 'prom-client';
import type { Database } from '../infra/db';
import { registry } from '../infra/metrics';
import { backlogByDepartment, pendingOutboxEvents, type DepartmentBacklog } from '../domain/incidents/backlog';

const CACHE_MS = 5000;

export function registerBacklogMetrics(db: Database): void {
  let cached: { at: number; rows: Promise<DepartmentBacklog[]> } | null = null;
  const rows = () => {
    if (!cached || Date.now() - cached.at > CACHE_MS) cached = { at: Date.now(), rows: backlogByDepartment(db).catch(() => []) };
    return cached.rows;
  };
  const gauge = (name: string, help: string, pick: (r: DepartmentBacklog) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['department'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const r of await rows()) this.set({ department: r.department }, pick(r));
      },
    });
  gauge('incidentdesk_open_incidents', 'Open incidents (NEW to WAITING_FOR_CLIENT), by department', (r) => r.open);
  gauge('incidentdesk_sla_at_risk_incidents', 'Open incidents past 75 % of an SLA target and not breached, by department', (r) => r.atRisk);
  gauge('incidentdesk_sla_breached_incidents', 'Open incidents with a breached SLA target, by department', (r) => r.breached);
  let pending: { at: number; count: Promise<number> } | null = null;
  new Gauge({
    name: 'incidentdesk_analytics_outbox_pending_events',
    help: 'Lifecycle events in the outbox not yet delivered to ClickHouse',
    registers: [registry],
    async collect() {
      if (!pending || Date.now() - pending.at > CACHE_MS) pending = { at: Date.now(), count: pendingOutboxEvents(db).catch(() => 0) };
      this.set(await pending.count);
    },
  });
}
