// The two cookies of a browser's sign-in: the session, and the sign-in attempt in progress.
// Behind https both take the __Host- prefix (Secure, Path=/, no Domain: no subdomain can set or
// shadow them); on plain http (a developer's machine) browsers refuse that prefix, so the plain names.
import type { CookieOptions } from 'express';

export interface AuthCookies {
  session: string;
  login: string;
  options: CookieOptions;
}

export function authCookies(publicUrl: string): AuthCookies {
  const secure = publicUrl.startsWith('https:');
  const prefix = secure ? '__Host-' : '';
  // SameSite=Lax: the cookies ride along on Keycloak's redirect back (a top-level GET), never on
  // another site's POST or fetch.
  return { session: `${prefix}incident_desk_session`, login: `${prefix}incident_desk_login`, options: { httpOnly: true, sameSite: 'lax', secure, path: '/' } };
}
