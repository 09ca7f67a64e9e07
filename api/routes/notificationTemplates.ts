import { Router } from 'express';
import type { NotificationTemplates } from '../../domain/notifications/templateStore';
import { actorOf } from '../auth/middleware';

export function notificationTemplateRoutes(templates: NotificationTemplates): Router {
  return Router()
    .get('/api/admin/notification-templates', async (req, res, next) => {
      try {
        res.json({ items: await templates.list(actorOf(req)) });
      } catch (error) {
        next(error);
      }
    })
    .put('/api/admin/notification-templates/:name/:lang', async (req, res, next) => {
      try {
        res.json({ template: await templates.put(actorOf(req), req.params.name, req.params.lang, req.body ?? {}) });
      } catch (error) {
        next(error);
      }
    })
    .delete('/api/admin/notification-templates/:name/:lang', async (req, res, next) => {
      try {
        res.json({ template: await templates.reset(actorOf(req), req.params.name, req.params.lang) });
      } catch (error) {
        next(error);
      }
    });
}
