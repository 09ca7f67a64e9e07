// Mounts endpoint declarations as Express routes. Every handler's errors are forwarded here,
// once, to the problem+json handler (api/problem.ts).
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { actorOf } from '../auth/middleware';
import { parseInput } from '../../domain/shared/validation';
import { notFound } from '../../domain/shared/errors';
import { sendProblem } from '../problem';
import { emptyBody, type Context, type Endpoint, type Reply, type Successes } from './endpoint';

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
        // The documented path and query parameters hold, whatever the handler reads: a
        // fuzzer found a `q` far over its documented 100 characters taken as it came. A path
        // that names nothing (an id that is no id) is a 404, as a foreign id is.
        if (endpoint.request?.params && !endpoint.request.params.safeParse(req.params).success) throw notFound(req.path);
        if (endpoint.request?.query) parseInput(endpoint.request.query, req.query);
        // A body where none is taken is refused, not ignored (the fuzzer's unexpected properties).
        if (endpoint.request?.body === emptyBody) parseInput(emptyBody, req.body ?? {});
        await send(res, await endpoint.handle(contextOf(req, services)));
      } catch (error) {
        next(error);
      }
    });
  }
  return router;
}

/**
 * A declared path called with a method it does not have: 405 with the Allow header (RFC 9110
 * 15.5.6), not the 404 of an unknown path nor the handler of a templated path that happens to
 * match; OPTIONS answers with Allow. The path is the one OpenAPI would pick: a concrete path
 * before a templated one (/api/clients/lookup before /api/clients/{id}). Mounted before the routes.
 */
export function methodNotAllowed(endpoints: readonly Endpoint<unknown>[]): RequestHandler {
  const paths = new Map<string, { pattern: RegExp; templated: number; methods: Set<string> }>();
  for (const e of endpoints) {
    const entry = paths.get(e.path) ?? {
      pattern: new RegExp(`^${e.path.replace(/\{\w+\}/g, '[^/]+')}/?$`),
      templated: (e.path.match(/\{/g) ?? []).length,
      methods: new Set<string>(),
    };
    entry.methods.add(e.method.toUpperCase());
    if (e.method === 'get') entry.methods.add('HEAD');
    paths.set(e.path, entry);
  }
  const byConcreteness = [...paths.values()].sort((a, b) => a.templated - b.templated);
  return (req, res, next) => {
    // Every declared path is under /api/; the web's assets and pages (most requests) skip the
    // 75 patterns.
    if (!req.path.startsWith('/api/')) return next();
    const matches = byConcreteness.filter((p) => p.pattern.test(req.path));
    const best = matches.filter((p) => p.templated === matches[0]?.templated);
    const methods = new Set(best.flatMap((p) => [...p.methods]));
    if (methods.size === 0 || (req.method !== 'OPTIONS' && methods.has(req.method))) return next();
    const allow = [...methods].sort().join(', ');
    res.setHeader('Allow', allow);
    if (req.method === 'OPTIONS') return void res.status(204).end();
    sendProblem(res, 405, 'Method Not Allowed', `${req.method} is not allowed on ${req.path}; allowed: ${allow}`);
  };
}
