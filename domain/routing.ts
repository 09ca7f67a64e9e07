// Routing: which department executes a request, with which priority, SLA targets and
// business calendar. Rules match service class, service type and problem type (null matches
// any); the most specific rule wins, then the higher explicit priority.
import type { Db } from '../infra/db';
import { ALWAYS_OPEN, type BusinessCalendar } from './calendar';
import { notFound } from './errors';
import type { Route, Priority } from '../workflows/serviceRequest';

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
  for (const p of Object.keys(out) as Priority[]) {
    const v = t[p];
    if (v && v.response > 0 && v.resolution > 0) out[p] = { responseMs: v.response * 1000, resolutionMs: v.resolution * 1000 };
  }
  return out;
}

function calendarFrom(row: { timezone: string; week: unknown; holidays: string[] } | null): BusinessCalendar {
  if (!row) return ALWAYS_OPEN;
  return { timezone: row.timezone, week: row.week as BusinessCalendar['week'], holidays: row.holidays };
}

export async function routeRequest(db: Db, requestId: string, assignRetryMs: number): Promise<Route> {
  const request = await db.serviceRequest.findUnique({
    where: { id: requestId },
    include: { service: { include: { slaContract: true } }, asset: true, client: { include: { slaContract: true } } },
  });
  if (!request) throw notFound(`request ${requestId}`);
  const rules = await db.routingRule.findMany();
  // A request about an asset is routed by the asset's class and type (a printer is a printer
  // whatever service it was filed under).
  const kind = request.asset ?? request.service;
  const rule = pickRule(rules, { serviceClass: kind.serviceClass, serviceType: kind.serviceType, problemType: request.problemType });
  const departmentId = rule?.departmentId ?? request.service.departmentId;
  const department = await db.department.findUniqueOrThrow({ where: { id: departmentId }, include: { calendar: true } });
  // The client's contract first (a key account), then the service's, then the default one.
  const contract = request.client.slaContract ?? request.service.slaContract ?? (await db.slaContract.findFirst({ where: { isDefault: true } }));
  const calendar = department.calendar ?? (await db.businessCalendar.findFirst({ where: { isDefault: true } }));
  return {
    departmentId,
    priority: request.priority,
    targets: targetsFrom(contract?.targets),
    calendar: calendarFrom(calendar),
    reopenWindowMs: (contract?.reopenWindowSeconds ?? 259200) * 1000,
    assignRetryMs,
  };
}
