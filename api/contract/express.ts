// Mounts endpoint declarations as Express routes. Every handler's errors are forwarded here,
// once, to the problem+json handler (api/problem.ts).
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { actorOf } from '../auth/middleware';
import type { Context, Endpoint, Reply, Successes } from './endpoint';

/** "/api/incidents/{id}" -> "/api/incidents/:id" */
export const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

function contextOf<D>(req: Request, services: D): Context<D, string> {
  return {
    req,
    params: req.params,
    get actor() {
      return actorOf(req);
    },
    services,
    header: (name) => req.header(name) ?? undefined,
  };
}

async function send(res: Response, reply: Reply<Successes>): Promise<void> {
  if ('sent' in reply) return reply.sent(res);
  res.status(reply.status);
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.body === undefined) res.end();
  else res.json(reply.body);
}

/** replay: the middleware that answers a repeated Idempotency-Key (endpoints declaring idempotencyKey: 'replay'). */
export function routerOf<D>(endpoints: readonly Endpoint<D>[], services: D, replay: RequestHandler): Router {
  const router = Router();
  for (const endpoint of endpoints) {
    const before = endpoint.idempotencyKey === 'replay' ? [replay] : [];
    router[endpoint.method](expressPath(endpoint.path), ...before, async (req: Request, res: Response, next: NextFunction) => {
      try {
        if (endpoint.access !== 'anyone') actorOf(req); // 401 without a caller
        await send(res, await endpoint.handle(contextOf(req, services)));
      } catch (error) {
        next(error);
      }
    });
  }
  return router;
}
