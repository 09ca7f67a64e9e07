import { Router } from 'express';
import { z } from 'zod';
import type { Analytics } from '../../infra/clickhouse';
import type { IncidentService } from '../../domain/incidents/incidents';
import { parseInput } from '../../domain/shared/validation';
import { dailyCounts, eventsOfRequest } from '../../analytics/queries';
import type { Db } from '../../infra/db';
import { seesInternal } from '../../domain/access/levels';
import { departmentSubtreeIds } from '../../domain/shared/departments';
import { internalEventIds } from '../../domain/shared/events';
import { forbidden } from '../../domain/shared/errors';
import { hasRole } from '../../domain/access/identity';
import { actorOf } from '../auth/middleware';

const query = z.object({ requestId: z.string().uuid() }).strict();
const isRealDate = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
};
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isRealDate, 'is not a calendar date');
export const dailyQuery = z
  .object({ from: day, to: day })
  .strict()
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' });

/** The lifecycle events of one request, from ClickHouse, for whoever may see its incident. */
export function analyticsRoutes(ch: Analytics, database: string, incidents: IncidentService, db: Db): Router {
  return Router()
    .get('/api/analytics/events', async (req, res, next) => {
      try {
        const { requestId } = parseInput(query, req.query);
        const incident = await incidents.getByRequest(actorOf(req), requestId);
        const items = await eventsOfRequest(ch, database, requestId);
        const hidden = seesInternal(incident.access) ? new Set<string>() : await internalEventIds(db, requestId);
        res.json({ items: items.filter((e) => !hidden.has(e.event_id)) });
      } catch (error) {
        next(error);
      }
    })
    .get('/api/analytics/daily', async (req, res, next) => {
      try {
        const actor = actorOf(req);
        const { from, to } = parseInput(dailyQuery, req.query);
        if (!hasRole(actor, 'supervisor', 'admin')) throw forbidden('daily figures are for supervisors and admins');
        const departments = hasRole(actor, 'admin') ? null : actor.department ? await departmentSubtreeIds(db, actor.department) : [];
        res.json({ items: await dailyCounts(ch, database, from, to, departments) });
      } catch (error) {
        next(error);
      }
    });
}
