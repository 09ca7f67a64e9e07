// Identifies the caller: a Keycloak bearer token or the session cookie.
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../../domain/access/identity';
import type { AccountGate } from '../../domain/people/accountGate';
import { unauthorized } from '../../domain/shared/errors';
import type { Oidc } from './oidc';
import type { Sessions } from './sessions';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

export function authenticate(oidc: Oidc, sessions: Sessions, sessionCookie: string) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const header = req.headers.authorization;
      if (header?.startsWith('Bearer ')) {
        req.actor = await oidc.verifyAccessToken(header.slice(7).trim());
      } else {
        const token = req.cookies?.[sessionCookie] as string | undefined;
        const session = token ? await sessions.find(token) : null;
        if (session) req.actor = session.actor;
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function actorOf(req: Request): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

export function requireActor(req: Request, _res: Response, next: NextFunction) {
  next(req.actor ? undefined : unauthorized());
}

/** Keeps out accounts the HR directory has not confirmed (and deactivated ones). */
export function admitActor(gate: AccountGate) {
  return (req: Request, _res: Response, next: NextFunction) => {
    gate.admit(actorOf(req)).then(() => next(), next);
  };
}
