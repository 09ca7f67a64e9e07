// Changes made with the session cookie must come from the desk's own pages. A browser sends
// Origin on every cross-origin and same-origin POST/PUT/PATCH/DELETE (Chromium, Firefox and
// Safari since 2019-2020); older ones send at least Sec-Fetch-Site. SameSite=Lax already keeps the
// cookie off other sites' forms; this check also covers sibling subdomains (same site, other
// origin) and browsers that ignore SameSite. Bearer-token callers carry no ambient credential,
// so they are not checked.
import type { RequestHandler } from 'express';
import { sendProblem } from '../problem';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameOriginChanges(publicUrl: string, sessionCookie: string): RequestHandler {
  const origin = new URL(publicUrl).origin;
  return (req, res, next) => {
    if (SAFE.has(req.method) || req.headers.authorization?.startsWith('Bearer ') || !req.cookies?.[sessionCookie]) return next();
    const from = req.headers.origin;
    if (from ? from === origin : req.headers['sec-fetch-site'] === 'same-origin') return next();
    sendProblem(res, 403, 'Forbidden', `a change with the session cookie must come from ${origin}, not ${from ?? 'an unnamed origin'}`);
  };
}
