// /api/admin/<resource>: list (admins and supervisors), create, edit, delete (admins).
import { Router, type Request } from 'express';
import type { AdminResource } from '../../domain/admin/resource';
import { mayRead, mayWrite } from '../../domain/admin/resource';
import { actorOf } from '../auth/middleware';

export function adminRoutes(resources: AdminResource[]): Router {
  const router = Router();
  const write = (req: Request) => {
    const actor = actorOf(req);
    mayWrite(actor);
    return actor;
  };
  for (const r of resources) {
    const base = `/api/admin/${r.path}`;
    router
      .get(base, async (req, res, next) => {
        try {
          mayRead(actorOf(req));
          res.json({ items: await r.list() });
        } catch (error) {
          next(error);
        }
      })
      .post(base, async (req, res, next) => {
        try {
          const actor = write(req);
          res.status(201).json({ item: await r.create(req.body ?? {}, actor) });
        } catch (error) {
          next(error);
        }
      })
      .patch(`${base}/:id`, async (req, res, next) => {
        try {
          const actor = write(req);
          res.json({ item: await r.update(req.params.id, req.body ?? {}, actor) });
        } catch (error) {
          next(error);
        }
      })
      .delete(`${base}/:id`, async (req, res, next) => {
        try {
          const actor = write(req);
          await r.remove(req.params.id, actor);
          res.status(204).end();
        } catch (error) {
          next(error);
        }
      });
  }
  return router;
}
