// Sign-in (authorization code + PKCE), callback and sign-out.
//
// A sign-in attempt (state, nonce, PKCE verifier) belongs to the browser that started it: that
// browser holds a random key in a short-lived HttpOnly cookie, the attempt row holds its SHA-256.
// A callback URL delivered to another browser (login CSRF: an attacker signs in, stops before the
// callback and makes the victim open it, so the victim works in the attacker's account) is
// refused with 400 and signs no one in.
import { createHash, randomBytes } from 'node:crypto';
import { Router, type Request } from 'express';
import { generators } from 'openid-client';
import { type Database } from '../../infra/db';
import { mirrorEmployee } from '../../domain/people/employees';
import type { AccountGate } from '../../domain/people/accountGate';
import { DomainError } from '../../domain/shared/errors';
import { log } from '../../infra/logger';
import { sendProblem } from '../problem';
import type { Oidc } from './oidc';
import type { Sessions } from './sessions';
import type { AuthCookies } from './cookies';
import { deleteLoginAttempt, deleteLoginAttemptsBefore, insertLoginAttempt, loginAttempt } from './repository';

// As long as Keycloak's own login form stays valid (accessCodeLifespanLogin, 30 minutes).
const ATTEMPT_TTL_MS = 30 * 60_000;
const BROWSER_KEY = /^[A-Za-z0-9_-]{43}$/;

const safeReturnTo = (value: unknown) => (typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/board');
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function authRoutes(db: Database, oidc: Oidc, sessions: Sessions, gate: AccountGate, cookies: AuthCookies): Router {
  const router = Router();
  const browserKeyOf = (req: Request): string | undefined => {
    const key = req.cookies?.[cookies.login] as string | undefined;
    return key && BROWSER_KEY.test(key) ? key : undefined;
  };

  router.get('/auth/login', async (req, res, next) => {
    try {
      const state = generators.state();
      const nonce = generators.nonce();
      const codeVerifier = generators.codeVerifier();
      // One key per browser, kept across attempts, so two tabs signing in at once both succeed.
      const browserKey = browserKeyOf(req) ?? randomBytes(32).toString('base64url');
      await deleteLoginAttemptsBefore(db, new Date(Date.now() - ATTEMPT_TTL_MS));
      await insertLoginAttempt(db, { state, nonce, codeVerifier, browserHash: sha256(browserKey), returnTo: safeReturnTo(req.query.returnTo) });
      res.cookie(cookies.login, browserKey, { ...cookies.options, maxAge: ATTEMPT_TTL_MS });
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
      const browserKey = browserKeyOf(req);
      if (!browserKey || sha256(browserKey) !== attempt.browserHash) {
        log.warn('sign-in callback from another browser refused', { hasKey: Boolean(browserKey) });
        return sendProblem(res, 400, 'Bad Request', 'this sign-in was started in another browser; start again at /auth/login');
      }
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
      const token = await sessions.create(actor, { idToken: tokens.id_token ?? null, refreshToken: tokens.refresh_token ?? null });
      res.cookie(cookies.session, token, { ...cookies.options, maxAge: sessions.maxAgeMs });
      log.info('signed in', { user: actor.username, roles: actor.roles });
      res.redirect(admitted ? attempt.returnTo : '/');
    } catch (error) {
      next(error);
    }
  });

  // By POST only: a GET could be fired by any page (an <img> pointing here) to sign people out.
  router.post('/auth/logout', async (req, res, next) => {
    try {
      const token = req.cookies?.[cookies.session] as string | undefined;
      const idToken = token ? await sessions.destroy(token) : null;
      res.clearCookie(cookies.session, cookies.options);
      res.redirect(303, await oidc.endSessionUrl(idToken));
    } catch (error) {
      next(error);
    }
  });
  router.get('/auth/logout', (_req, res) => {
    res.setHeader('Allow', 'POST');
    sendProblem(res, 405, 'Method Not Allowed', 'sign out with POST /auth/logout (the sign-out button)');
  });

  return router;
}
