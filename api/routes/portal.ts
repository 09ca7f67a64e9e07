import { Router } from 'express';
import type { PortalService } from '../../domain/portal';
import { actorOf } from '../auth/middleware';

export function portalRoutes(portal: PortalService): Router {
  return Router().post('/api/portal/requests', async (req, res, next) => {
    try {
      const { request, replayed } = await portal.file(actorOf(req), req.body, req.header('Idempotency-Key') ?? undefined);
      res
        .status(replayed ? 200 : 201)
        .location(`/api/requests/${request.id}`)
        .json({ request });
    } catch (error) {
      next(error);
    }
  });
}
