// Routing: which department executes a request, with which priority, SLA targets and
// business calendar. Rules match service class, service type and problem type (null matches
// any); the most specific rule wins, then the higher explicit priority.
import { type Database } from '../../infra/db';
import { departmentCalendar, requestRouting } from './routingRepository';
import { ALWAYS_OPEN, type BusinessCalendar } from '../process/calendar';
import { notFound } from '../shared/errors';
import { PRIORITIES, type Priority, type Route } from '../process/types';

export interface RuleLike {
  serviceClass: string | null;
  serviceType: string | null;
  problemType: string | null;
  priority: number;
  departmentId: string;
}

export function pickRule<R extends RuleLike>(rules: R[], key: { serviceClass: string; serviceType: string; problemType: string | null }): R | null {
  const matches = rules.filter(
    (r) =>
      (r.serviceClass === null || r.serviceClass === key.serviceClass) &&
      (r.serviceType === null || r.serviceType === key.serviceType) &&
      (r.problemType === null || r.problemType === key.problemType),
  );
  const specificity = (r: R) => [r.serviceClass, r.serviceType, r.problemType].filter((v) => v !== null).length;
  matches.sort((a, b) => specificity(b) - specificity(a) || b.priority - a.priority);
  return matches[0] ?? null;
}

const DEFAULT_TARGETS: Route['targets'] = {
  P1: { responseMs: 15 * 60_000, resolutionMs: 4 * 3600_000 },
  P2: { responseMs: 60 * 60_000, resolutionMs: 8 * 3600_000 },
  P3: { responseMs: 4 * 3600_000, resolutionMs: 24 * 3600_000 },
  P4: { responseMs: 8 * 3600_000, resolutionMs: 72 * 3600_000 },
};

type StoredTargets = Partial<Record<Priority, { response: number; resolution: number }>>;

function targetsFrom(stored: unknown): Route['targets'] {
  const t = (stored ?? {}) as StoredTargets;
  const out = { ...DEFAULT_TARGETS };
  for (const p of PRIORITIES) {
    const v = t[p];
    if (v && v.response > 0 && v.resolution > 0) out[p] = { responseMs: v.response * 1000, resolutionMs: v.resolution * 1000 };
  }
  return out;
}

function calendarFrom(row: { id: string | null; timezone: string | null; week: unknown; holidays: string[] | null }): BusinessCalendar {
  if (row.id === null) return ALWAYS_OPEN;
  return { timezone: row.timezone!, week: row.week as BusinessCalendar['week'], holidays: row.holidays ?? [] };
}

export async function routeRequest(db: Database, requestId: string, assignRetryMs: number): Promise<Route> {
  const request = await requestRouting(db, requestId);
  if (!request) throw notFound(`request ${requestId}`);
  const rule = pickRule(request.rules, request);
  const departmentId = rule?.departmentId ?? request.serviceDepartmentId;
  const calendar = await departmentCalendar(db, departmentId);
  if (!calendar) throw new Error(`department ${departmentId} of the routing rule does not exist`);
  return {
    departmentId,
    priority: request.priority,
    targets: targetsFrom(request.targets),
    calendar: calendarFrom(calendar),
    reopenWindowMs: (request.reopenWindowSeconds ?? 259200) * 1000,
    assignRetryMs,
  };
}
