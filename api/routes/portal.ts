import { Router } from 'express';
import type { PortalService } from '../../domain/requests/portal';
import { actorOf } from '../auth/middleware';
import { sendFiled } from '../filedResponse';

export function portalRoutes(portal: PortalService): Router {
  return Router().post('/api/portal/requests', async (req, res, next) => {
    try {
      const { request, replayed } = await portal.file(actorOf(req), req.body, req.header('Idempotency-Key') ?? undefined);
      sendFiled(res, request, replayed);
    } catch (error) {
      next(error);
    }
  });
}
