// The widget's three files (docs/chat.md, "Widget"): the launcher a host site's script tag
// loads, and the chat page with its script that the launcher frames. Only the chat page may be
// framed, and only by the desk itself and the settings' allowed origins (frame-ancestors); every
// other page of the desk stays unframeable (securityHeaders).
import { Router } from 'express';
import { readSettings } from '../../domain/chat/repository';
import type { Database } from '../../infra/db';
import { EMBED_HTML, EMBED_JS } from './embed';
import { LAUNCHER_JS } from './launcher';

/** The launcher may be cached by host pages' visitors for an hour; a change reaches them within it. */
const LAUNCHER_CACHE = 'public, max-age=3600';

export function chatWidgetRoutes(db: Database): Router {
  const router = Router();
  router.get('/chat/widget.js', (_req, res) => {
    res.setHeader('Cache-Control', LAUNCHER_CACHE);
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.type('application/javascript').send(LAUNCHER_JS);
  });
  router.get('/chat/embed.js', (_req, res) => {
    res.type('application/javascript').send(EMBED_JS);
  });
  router.get('/chat/embed', (_req, res, next) => {
    readSettings(db).then((settings) => {
      const ancestors = ["'self'", ...settings.allowedOrigins].join(' ');
      const csp = String(res.getHeader('Content-Security-Policy') ?? '').replace("frame-ancestors 'none'", `frame-ancestors ${ancestors}`);
      res.setHeader('Content-Security-Policy', csp);
      res.removeHeader('X-Frame-Options');
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(EMBED_HTML);
    }, next);
  });
  return router;
}
