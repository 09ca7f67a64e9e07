// Sign-in (authorization code + PKCE), callback and sign-out.
import { Router } from 'express';
import { generators } from 'openid-client';
import { type Database } from '../../infra/db';
import { mirrorEmployee } from '../../domain/people/employees';
import type { AccountGate } from '../../domain/people/accountGate';
import { DomainError } from '../../domain/shared/errors';
import { log } from '../../infra/logger';
import { sendProblem } from '../problem';
import type { Oidc } from './oidc';
import { SESSION_COOKIE, type Sessions } from './sessions';
import { deleteLoginAttempt, deleteLoginAttemptsBefore, insertLoginAttempt, loginAttempt } from './repository';

const safeReturnTo = (value: unknown) => (typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/board');

export function authRoutes(db: Database, oidc: Oidc, sessions: Sessions, gate: AccountGate, secureCookies: boolean): Router {
  const router = Router();

  router.get('/auth/login', async (req, res, next) => {
    try {
      const state = generators.state();
      const nonce = generators.nonce();
      const codeVerifier = generators.codeVerifier();
      await deleteLoginAttemptsBefore(db, new Date(Date.now() - 3600_000));
      await insertLoginAttempt(db, { state, nonce, codeVerifier, returnTo: safeReturnTo(req.query.returnTo) });
      const client = await oidc.client();
      res.redirect(
        client.authorizationUrl({
          scope: 'openid profile email',
          state,
          nonce,
          code_challenge: generators.codeChallenge(codeVerifier),
          code_challenge_method: 'S256',
          ...(typeof req.query.lang === 'string' ? { ui_locales: req.query.lang } : {}),
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  router.get('/auth/callback', async (req, res, next) => {
    try {
      const client = await oidc.client();
      const params = client.callbackParams(req);
      const attempt = params.state ? await loginAttempt(db, params.state) : undefined;
      if (!attempt) return sendProblem(res, 400, 'Bad Request', 'unknown or expired sign-in attempt; start again at /auth/login');
      await deleteLoginAttempt(db, attempt.state);
      const tokens = await client.callback(oidc.redirectUri, params, { state: attempt.state, nonce: attempt.nonce, code_verifier: attempt.codeVerifier });
      if (!tokens.access_token) throw new Error('Keycloak returned no access token');
      const actor = await oidc.verifyAccessToken(tokens.access_token);
      // A newcomer the HR directory has not confirmed still gets a session: the app then shows
      // them that their account waits for confirmation (every API call answers 403).
      const admitted = await gate.admit(actor).then(
        () => true,
        (error: unknown) => {
          if (error instanceof DomainError && (error.status === 403 || error.status === 503)) return false;
          throw error;
        },
      );
      if (admitted) await mirrorEmployee(db, actor);
      const token = await sessions.create(actor, tokens.id_token ?? null);
      res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/', maxAge: sessions.maxAgeMs });
      log.info('signed in', { user: actor.username, roles: actor.roles });
      res.redirect(admitted ? attempt.returnTo : '/');
    } catch (error) {
      next(error);
    }
  });

  router.get('/auth/logout', async (req, res, next) => {
    try {
      const token = req.cookies?.[SESSION_COOKIE] as string | undefined;
      const idToken = token ? await sessions.destroy(token) : null;
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      res.redirect(await oidc.endSessionUrl(idToken));
    } catch (error) {
      next(error);
    }
  });

  return router;
}
