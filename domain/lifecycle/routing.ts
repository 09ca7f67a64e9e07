// Routing: which department executes a request, with which priority, SLA targets and
// business calendar. Rules match service class, service type and problem type (null matches
// any); the most specific rule wins, then the higher explicit priority.
import { sqlRows, type Db } from '../../infra/db';
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

function calendarFrom(row: { timezone: string; week: unknown; holidays: string[] } | null): BusinessCalendar {
  if (!row) return ALWAYS_OPEN;
  return { timezone: row.timezone, week: row.week as BusinessCalendar['week'], holidays: row.holidays };
}

interface RequestRouting {
  priority: Priority;
  problemType: string | null;
  serviceClass: string;
  serviceType: string;
  serviceDepartmentId: string;
  targets: unknown;
  reopenWindowSeconds: number | null;
  rules: RuleLike[];
}

// What routing reads of a request, in one statement: its priority and problem type; the class
// and type it is routed by (a request about an asset by the asset's: a printer is a printer
// whatever service it was filed under); its SLA contract (the client's first, a key account,
// then the service's, then the default one); and every routing rule.
const REQUEST_ROUTING = `
  SELECT r.priority::text AS priority, r."problemType", coalesce(a."serviceClass", s."serviceClass") AS "serviceClass",
    coalesce(a."serviceType", s."serviceType") AS "serviceType", s."departmentId" AS "serviceDepartmentId",
    c.targets, c."reopenWindowSeconds",
    (SELECT coalesce(json_agg(json_build_object('serviceClass', x."serviceClass", 'serviceType', x."serviceType", 'problemType', x."problemType",
       'priority', x.priority, 'departmentId', x."departmentId") ORDER BY x."createdAt", x.id), '[]'::json) FROM "RoutingRule" x) AS rules
  FROM "ServiceRequest" r
  JOIN "Service" s ON s.id = r."serviceId"
  JOIN "Client" cl ON cl.id = r."clientId"
  LEFT JOIN "Asset" a ON a.id = r."assetId"
  LEFT JOIN "SlaContract" c ON c.id = coalesce(cl."slaContractId", s."slaContractId", (SELECT id FROM "SlaContract" WHERE "isDefault" LIMIT 1))
  WHERE r.id = $1::uuid`;

// The department's business calendar, else the default one (null when there is neither).
const DEPARTMENT_CALENDAR = `
  SELECT CASE WHEN cal.id IS NOT NULL THEN json_build_object('timezone', cal.timezone, 'week', cal.week, 'holidays', cal.holidays) END AS calendar
  FROM "Department" d
  LEFT JOIN "BusinessCalendar" cal ON cal.id = coalesce(d."calendarId", (SELECT id FROM "BusinessCalendar" WHERE "isDefault" LIMIT 1))
  WHERE d.id = $1::uuid`;

export async function routeRequest(db: Db, requestId: string, assignRetryMs: number): Promise<Route> {
  const [request] = await sqlRows<RequestRouting>(db, REQUEST_ROUTING, [requestId]);
  if (!request) throw notFound(`request ${requestId}`);
  const rule = pickRule(request.rules, request);
  const departmentId = rule?.departmentId ?? request.serviceDepartmentId;
  const [department] = await sqlRows<{ calendar: { timezone: string; week: unknown; holidays: string[] } | null }>(db, DEPARTMENT_CALENDAR, [departmentId]);
  if (!department) throw new Error(`department ${departmentId} of the routing rule does not exist`);
  return {
    departmentId,
    priority: request.priority,
    targets: targetsFrom(request.targets),
    calendar: calendarFrom(department.calendar),
    reopenWindowMs: (request.reopenWindowSeconds ?? 259200) * 1000,
    assignRetryMs,
  };
}
