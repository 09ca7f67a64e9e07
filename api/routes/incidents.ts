import { Router } from 'express';
import type { IncidentService } from '../../domain/incidents/incidents';
import { actorOf } from '../auth/middleware';
import { incidentEtag } from '../../domain/incidents/incidentView';
import { sendCsv } from '../csvDownload';

export function incidentRoutes(incidents: IncidentService): Router {
  return Router()
    .get('/api/incidents', async (req, res, next) => {
      try {
        if (req.query.format === 'csv') await sendCsv(res, 'incidents', (write) => incidents.csv(actorOf(req), req.query, write));
        else res.json(await incidents.list(actorOf(req), req.query));
      } catch (error) {
        next(error);
      }
    })
    .get('/api/incidents/:id', async (req, res, next) => {
      try {
        const incident = await incidents.get(actorOf(req), req.params.id);
        res.setHeader('ETag', incidentEtag(incident)).json({ incident });
      } catch (error) {
        next(error);
      }
    })
    .get('/api/incidents/:id/notifications', async (req, res, next) => {
      try {
        res.json({ items: await incidents.notifications(actorOf(req), req.params.id) });
      } catch (error) {
        next(error);
      }
    })
    .post('/api/incidents/:id/transitions', async (req, res, next) => {
      try {
        const incident = await incidents.transition(actorOf(req), req.params.id, req.body, req.header('If-Match') ?? undefined);
        res.setHeader('ETag', incidentEtag(incident)).json({ incident });
      } catch (error) {
        next(error);
      }
    })
    .post('/api/incidents/:id/resolve', async (req, res, next) => {
      try {
        res.json({ incident: await incidents.resolve(actorOf(req), req.params.id, req.body) });
      } catch (error) {
        next(error);
      }
    });
}
