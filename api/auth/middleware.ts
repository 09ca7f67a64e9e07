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

/**
 * Who sent the request: null for nobody (or an ended session), 401 for an invalid bearer token.
 * `active` false: a live stream's periodic check, which does not keep the session from idling out.
 */
export type Identify = (req: Request, active?: boolean) => Promise<Actor | null>;

export function identifier(oidc: Oidc, sessions: Sessions, sessionCookie: string): Identify {
  return async (req, active = true) => {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) return oidc.verifyAccessToken(header.slice(7).trim());
    const token = req.cookies?.[sessionCookie] as string | undefined;
    return token ? sessions.find(token, active) : null;
  };
}

export function authenticate(identify: Identify) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      req.actor = (await identify(req)) ?? undefined;
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** The caller as now admitted (a live stream asks again every few minutes); null: no longer. */
export function stillAdmitted(identify: Identify, gate: AccountGate) {
  return async (req: Request): Promise<Actor | null> => {
    try {
      const actor = await identify(req, false);
      if (actor) await gate.admit(actor);
      return actor;
    } catch {
      return null;
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
