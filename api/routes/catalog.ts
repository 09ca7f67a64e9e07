import { Router } from 'express';
import type { Db } from '../../infra/db';
import { listCatalog } from '../../domain/admin/catalog';

/** The service catalog for the intake form; any signed-in user may read it. */
export const catalogRoutes = (db: Db) =>
  Router().get('/api/services', async (req, res, next) => {
    try {
      res.json({ items: await listCatalog(db, typeof req.query.q === 'string' ? req.query.q : undefined) });
    } catch (error) {
      next(error);
    }
  });
