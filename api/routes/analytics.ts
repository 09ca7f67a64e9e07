import { Router } from 'express';
import { z } from 'zod';
import type { Analytics } from '../../infra/clickhouse';
import type { IncidentService } from '../../domain/incidents';
import { parseInput } from '../../domain/validation';
import { eventsOfRequest } from '../../analytics/queries';
import { actorOf } from '../auth/middleware';

const query = z.object({ requestId: z.string().uuid() }).strict();

/** The lifecycle events of one request, from ClickHouse, for whoever may see its incident. */
export function analyticsRoutes(ch: Analytics, database: string, incidents: IncidentService): Router {
  return Router().get('/api/analytics/events', async (req, res, next) => {
    try {
      const { requestId } = parseInput(query, req.query);
      await incidents.getByRequest(actorOf(req), requestId);
      res.json({ items: await eventsOfRequest(ch, database, requestId) });
    } catch (error) {
      next(error);
    }
  });
}
