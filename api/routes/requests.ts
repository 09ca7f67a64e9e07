import { Router } from 'express';
import type { RequestService } from '../../domain/requests';
import { actorOf } from '../auth/middleware';

export function requestRoutes(requests: RequestService): Router {
  return Router().post('/api/requests', async (req, res, next) => {
    try {
      const { request, replayed } = await requests.file(actorOf(req), req.body, req.header('Idempotency-Key') ?? undefined);
      res
        .status(replayed ? 200 : 201)
        .location(`/api/requests/${request.id}`)
        .json({ request });
    } catch (error) {
      next(error);
    }
  });
}
