import { Router } from 'express';
import type { HrAllowList } from '../../domain/people/hrAllowList';
import { actorOf } from '../auth/middleware';

export function selfRegistrationRoutes(allowList: HrAllowList): Router {
  return Router()
    .get('/api/admin/hr-allow-list', async (req, res, next) => {
      try {
        res.json({ items: await allowList.list(actorOf(req)) });
      } catch (error) {
        next(error);
      }
    })
    .put('/api/admin/hr-allow-list/:email', async (req, res, next) => {
      try {
        res.json({ entry: await allowList.put(actorOf(req), req.params.email, req.body ?? {}) });
      } catch (error) {
        next(error);
      }
    })
    .delete('/api/admin/hr-allow-list/:email', async (req, res, next) => {
      try {
        await allowList.remove(actorOf(req), req.params.email);
        res.status(204).end();
      } catch (error) {
        next(error);
      }
    })
    .get('/api/admin/pending-accounts', async (req, res, next) => {
      try {
        res.json({ items: await allowList.pending(actorOf(req)) });
      } catch (error) {
        next(error);
      }
    });
}
