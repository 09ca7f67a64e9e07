// Figures from the ClickHouse event store: a request's lifecycle events, daily counts and the
// supervisor summary of a period. Supervisors see their department's subtree (and may narrow
// the summary to a department inside it), admins every department; everyone else gets 403.
import { z } from 'zod';
import { dailyCounts, eventsOfRequest } from '../../analytics/queries';
import { summary } from '../../analytics/reports';
import { seesInternal } from '../../domain/access/levels';
import { codesOfDepartments, departmentSubtreeIds } from '../../domain/shared/departments';
import { employeesByIds } from '../../domain/shared/staffRepository';
import { forbidden, invalid } from '../../domain/shared/errors';
import { internalEventIds } from '../../domain/shared/events';
import { hasRole, type Actor } from '../../domain/access/identity';
import { parseInput } from '../../domain/shared/validation';
import { type Database } from '../../infra/db';
import { json } from '../contract/endpoint';
import { CALENDAR_DAY } from '../../domain/shared/validation';
import { endpoint } from './services';

const MAX_DAYS = 366;
const day = CALENDAR_DAY;
const eventsQuery = z.object({ requestId: z.string().uuid() }).strict();
const dailyQuery = z
  .object({ from: day, to: day })
  .strict()
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' });
const summaryQuery = z
  .object({
    from: day.describe('first day, UTC, inclusive'),
    to: day.describe('last day, UTC, inclusive'),
    department: z.string().trim().min(1).max(64).optional().describe('department code: this department and those below it'),
  })
  .strict()
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_DAYS, { path: ['to'], message: `the period may span at most ${MAX_DAYS} days` });

/** The department ids a supervisor's figures cover (null: all, for admins); 403 for anyone else. */
async function ownDepartments(db: Database, actor: Actor, refusal: string): Promise<string[] | null> {
  if (!hasRole(actor, 'supervisor', 'admin')) throw forbidden(refusal);
  if (hasRole(actor, 'admin')) return null;
  return actor.department ? departmentSubtreeIds(db, actor.department) : [];
}

const seconds = z.number().int().nullable();
const reportSummary = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  departments: z.array(z.string()).nullable().openapi({ description: 'department codes covered; null: all' }),
  requests: z.object({
    completed: z.number().int().openapi({ description: 'requests closed in the period, any reason' }),
    resolved: z.number().int().openapi({ description: 'of those, closed because the incident was resolved' }),
    byCloseReason: z.record(z.number().int()),
    averageCompletionSeconds: seconds.openapi({ description: 'filing to closure, resolved requests' }),
    p90CompletionSeconds: seconds,
    averageResolutionSeconds: seconds.openapi({ description: 'filing to resolution, resolved requests' }),
  }),
  incidentsPerDay: z
    .array(z.object({ day: z.string(), opened: z.number().int(), closed: z.number().int() }))
    .openapi({ description: 'every day of the period' }),
  sla: z.object({
    closedWithIncident: z.number().int(),
    withinSla: z.number().int().openapi({ description: 'closed without breaching a response or resolution target' }),
    compliance: z.number().nullable().openapi({ description: 'withinSla / closedWithIncident' }),
    warnings: z.number().int(),
    breaches: z.number().int(),
  }),
  agents: z.array(
    z.object({
      agentId: z.string(),
      username: z.string().nullable(),
      fullName: z.string().nullable(),
      assigned: z.number().int().openapi({ description: 'incidents assigned to the agent in the period' }),
      resolved: z.number().int().openapi({ description: 'requests closed as resolved with the agent assigned' }),
      averageCompletionSeconds: seconds,
    }),
  ),
});

export const analyticsEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/analytics/events',
    summary: 'Lifecycle events of a request from the ClickHouse event store',
    request: { query: z.object({ requestId: z.string().uuid() }) },
    responses: {
      200: json(
        z.object({
          items: z.array(
            z.object({
              event_id: z.string(),
              type: z.string(),
              request_id: z.string(),
              incident_id: z.string().nullable(),
              channel: z.string(),
              actor_id: z.string(),
              occurred_at: z.string(),
            }),
          ),
        }),
        'Events, oldest first',
      ),
    },
    problems: [400, 404],
    handle: async ({ req, actor, services: { db, incidents, analytics } }) => {
      const { requestId } = parseInput(eventsQuery, req.query);
      const incident = await incidents.getByRequest(actor, requestId);
      const items = await eventsOfRequest(analytics.ch, analytics.database, requestId);
      const hidden = seesInternal(incident.access) ? new Set<string>() : await internalEventIds(db, requestId);
      return { status: 200, body: { items: items.filter((e) => !hidden.has(e.event_id)) } };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/analytics/daily',
    summary: 'Events per day, type and department (supervisors: their department subtree; admins: all)',
    request: { query: z.object({ from: z.string().openapi({ example: '2026-11-01' }), to: z.string().openapi({ example: '2026-11-30' }) }) },
    responses: {
      200: json(
        z.object({ items: z.array(z.object({ day: z.string(), type: z.string(), department_id: z.string().uuid(), events: z.number().int() })) }),
        'Counts, each event once',
      ),
    },
    problems: [400, 403],
    handle: async ({ req, actor, services: { db, analytics } }) => {
      const { from, to } = parseInput(dailyQuery, req.query);
      const departments = await ownDepartments(db, actor, 'daily figures are for supervisors and admins');
      return { status: 200, body: { items: await dailyCounts(analytics.ch, analytics.database, from, to, departments) } };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/reports/summary',
    summary:
      'Supervisor summary of a period from ClickHouse: requests completed, average and p90 completion time, incidents per day, SLA compliance, load per agent (supervisors: their department subtree; admins: all)',
    request: {
      query: z.object({
        from: z.string().openapi({ example: '2026-11-01', description: 'first day (UTC), inclusive' }),
        to: z.string().openapi({ example: '2026-11-30', description: 'last day (UTC), inclusive; at most 366 days after from' }),
        department: z
          .string()
          .optional()
          .openapi({ example: 'it', description: 'department code: it and the departments below it; a supervisor may name only departments in their subtree' }),
      }),
    },
    responses: { 200: json(reportSummary, 'Figures of the period; each event counted once') },
    problems: [400, 403],
    handle: async ({ req, actor, services: { db, analytics } }) => {
      const own = await ownDepartments(db, actor, 'reports are for supervisors and admins');
      const q = parseInput(summaryQuery, req.query);
      let departmentIds = own;
      if (q.department) {
        const asked = await departmentSubtreeIds(db, q.department);
        if (!asked.length) throw invalid([{ field: 'department', message: `no department ${q.department}` }]);
        if (own && !asked.every((id) => own.includes(id))) throw forbidden(`department ${q.department} is outside your department`);
        departmentIds = asked;
      }
      const figures = await summary(analytics.ch, analytics.database, { from: q.from, to: q.to, departmentIds });
      const names = new Map(
        (
          await employeesByIds(
            db,
            figures.agents.map((a) => a.agentId),
          )
        ).map((e) => [e.id, e]),
      );
      const departments = departmentIds ? await codesOfDepartments(db, departmentIds) : null;
      return {
        status: 200,
        body: {
          period: { from: q.from, to: q.to },
          departments,
          ...figures,
          agents: figures.agents.map((a) => ({ ...a, username: names.get(a.agentId)?.username ?? null, fullName: names.get(a.agentId)?.fullName ?? null })),
        },
      };
    },
  }),
];
