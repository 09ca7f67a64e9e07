import { Router } from 'express';
import { actorOf } from '../auth/middleware';

export const meRoutes = () =>
  Router().get('/api/me', (req, res, next) => {
    try {
      const { id, username, fullName, email, roles, department, locale } = actorOf(req);
      res.json({ id, username, fullName, email, roles, department, locale });
    } catch (error) {
      next(error);
    }
  });
