// Shapes the API returns (see /api/openapi.json).
// The incident's shape and states come from the server's domain code (pure modules).
export { INCIDENT_STATUSES as STATUSES, REQUEST_STATUSES, type Action, type IncidentStatus as Status } from '../../../domain/process/states';
export type { IncidentView as Incident } from '../../../domain/incidents/incidentView';
export { PRIORITIES, type Priority } from '../../../domain/process/types';

export interface Me {
  id: string;
  username: string;
  fullName: string;
  email: string;
  roles: string[];
  department: string | null;
  locale: string | null;
}

export interface CatalogEntry {
  code: string;
  name: string;
  department: { code: string; name: string };
}

export const isStaff = (me: Me) => me.roles.some((r) => r === 'agent' || r === 'supervisor' || r === 'admin');
export type { RequestView } from '../../../domain/requests/requestView';

/** GET /api/reports/summary */
export interface ReportSummary {
  period: { from: string; to: string };
  departments: string[] | null;
  requests: { completed: number; resolved: number; averageCompletionSeconds: number | null; p90CompletionSeconds: number | null };
  incidentsPerDay: { day: string; opened: number; closed: number }[];
  sla: { closedWithIncident: number; withinSla: number; compliance: number | null; warnings: number; breaches: number };
  agents: { agentId: string; username: string | null; fullName: string | null; assigned: number; resolved: number; averageCompletionSeconds: number | null }[];
}

export type { ClientCard } from '../../../domain/clients/clientView';
