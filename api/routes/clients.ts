import { Router } from 'express';
import { clientEtag, type ClientService } from '../../domain/clients/clients';
import { actorOf } from '../auth/middleware';

export function clientRoutes(clients: ClientService): Router {
  return Router()
    .get('/api/clients', async (req, res, next) => {
      try {
        res.json(await clients.list(actorOf(req), req.query));
      } catch (error) {
        next(error);
      }
    })
    .get('/api/clients/lookup', async (req, res, next) => {
      try {
        res.json(await clients.lookup(actorOf(req), req.query.phone));
      } catch (error) {
        next(error);
      }
    })
    .get('/api/clients/:id', async (req, res, next) => {
      try {
        const found = await clients.get(actorOf(req), req.params.id);
        res.setHeader('ETag', clientEtag(found.client)).json(found);
      } catch (error) {
        next(error);
      }
    })
    .post('/api/clients', async (req, res, next) => {
      try {
        const { client, replayed } = await clients.create(actorOf(req), req.body, req.header('Idempotency-Key') ?? undefined);
        res
          .status(replayed ? 200 : 201)
          .location(`/api/clients/${client.id}`)
          .setHeader('ETag', clientEtag(client))
          .json({ client });
      } catch (error) {
        next(error);
      }
    })
    .patch('/api/clients/:id', async (req, res, next) => {
      try {
        const client = await clients.update(actorOf(req), req.params.id, req.body, req.header('If-Match') ?? undefined);
        res.setHeader('ETag', clientEtag(client)).json({ client });
      } catch (error) {
        next(error);
      }
    })
    .delete('/api/clients/:id', async (req, res, next) => {
      try {
        await clients.remove(actorOf(req), req.params.id);
        res.status(204).end();
      } catch (error) {
        next(error);
      }
    });
}
