// Asset labels (QR images, token rotation), the routing preview, and the public QR page API.
import { Router } from 'express';
import type { QrService } from '../../domain/requests/qr';
import { actorOf } from '../auth/middleware';
import { sendFiled } from '../filedResponse';

export function qrRoutes(qr: QrService): Router {
  return Router()
    .get('/api/admin/assets/:id/qr.:format(png|svg)', async (req, res, next) => {
      try {
        const format = req.params.format as 'png' | 'svg';
        const image = await qr.image(actorOf(req), String(req.params.id), format);
        res
          .type(format === 'svg' ? 'image/svg+xml' : 'image/png')
          .setHeader('Cache-Control', 'private, no-store')
          .send(image);
      } catch (error) {
        next(error);
      }
    })
    .post('/api/admin/assets/:id/rotate-token', async (req, res, next) => {
      try {
        res.json(await qr.rotate(actorOf(req), req.params.id));
      } catch (error) {
        next(error);
      }
    })
    .get('/api/admin/routing-rules/preview', async (req, res, next) => {
      try {
        res.json(await qr.preview(actorOf(req), req.query));
      } catch (error) {
        next(error);
      }
    })
    .get('/api/qr/:token', async (req, res, next) => {
      try {
        actorOf(req);
        res.json(await qr.page(req.params.token));
      } catch (error) {
        next(error);
      }
    })
    .post('/api/qr/:token/reports', async (req, res, next) => {
      try {
        const { request, replayed } = await qr.report(actorOf(req), req.params.token, req.body, req.header('Idempotency-Key') ?? undefined);
        sendFiled(res, request, replayed);
      } catch (error) {
        next(error);
      }
    });
}
