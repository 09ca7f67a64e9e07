// Security headers on every response of the app (API, sign-in routes and the web build). The
// SvelteKit build boots from one inline <script> in index.html: its SHA-256 goes into
// script-src, so no 'unsafe-inline' for scripts. Styles keep 'unsafe-inline': Svelte writes
// style attributes (style="display: contents" in index.html, transitions at run time), and an
// injected style cannot run code. Forms may post to the app and to Keycloak (sign-out redirects
// there, and Chromium checks form-action on redirects too).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { RequestHandler } from 'express';

const ONE_YEAR_S = 31_536_000;

/** 'sha256-...' sources of the inline scripts of an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    ([, body]) => `'sha256-${createHash('sha256').update(body!).digest('base64')}'`,
  );
}

export function contentSecurityPolicy(keycloakOrigin: string, scriptHashes: string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${scriptHashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    `form-action 'self' ${keycloakOrigin}`,
  ].join('; ');
}

export function securityHeaders(publicUrl: string, oidcIssuer: string, webIndexFile: string): RequestHandler {
  const html = fs.existsSync(webIndexFile) ? fs.readFileSync(webIndexFile, 'utf8') : '';
  const csp = contentSecurityPolicy(new URL(oidcIssuer).origin, inlineScriptHashes(html));
  const https = publicUrl.startsWith('https:');
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    if (https) res.setHeader('Strict-Transport-Security', `max-age=${ONE_YEAR_S}; includeSubDomains`);
    next();
  };
}
