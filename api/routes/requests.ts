import { Router } from 'express';
import type { RequestService } from '../../domain/requests/intake';
import type { RequestJournal } from '../../domain/requests/journal';
import type { RequestClosing } from '../../domain/requests/closing';
import { actorOf } from '../auth/middleware';
import { sendFiled } from '../filedResponse';
import { sendCsv } from '../csvDownload';

export function requestRoutes(requests: RequestService, journal: RequestJournal, closing: RequestClosing): Router {
  return Router()
    .post('/api/requests', async (req, res, next) => {
      try {
        const { request, replayed } = await requests.file(actorOf(req), req.body, req.header('Idempotency-Key') ?? undefined);
        sendFiled(res, request, replayed);
      } catch (error) {
        next(error);
      }
    })
    .get('/api/requests', async (req, res, next) => {
      try {
        if (req.query.format === 'csv') await sendCsv(res, 'requests', (write) => journal.csv(actorOf(req), req.query, write));
        else res.json(await journal.list(actorOf(req), req.query));
      } catch (error) {
        next(error);
      }
    })
    .post('/api/requests/:id/close', async (req, res, next) => {
      try {
        await closing.close(actorOf(req), req.params.id, req.body);
        res.json({ request: await journal.get(actorOf(req), req.params.id) });
      } catch (error) {
        next(error);
      }
    })
    .get('/api/requests/:id', async (req, res, next) => {
      try {
        res.json({ request: await journal.get(actorOf(req), req.params.id) });
      } catch (error) {
        next(error);
      }
    });
}
