// Sign-in through Keycloak's real login form without a browser: plain fetch with a cookie jar
// per client, so tests can hand one browser's callback URL to another, or hold a session cookie.
import { APP_URL, testEnv } from './env';

/** One browser's cookies (per host) and the requests it makes, redirects followed by hand. */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  cookie(url: string, name: string): string | undefined {
    return this.cookies.get(new URL(url).host)?.get(name);
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    this.cookies.set(host, jar);
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const name = pair!.slice(0, pair!.indexOf('='));
      const value = pair!.slice(pair!.indexOf('=') + 1);
      const gone = !value || attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0$/i.test(a));
      if (gone) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }

  /** Follows redirects until a response that is not one, or until `stop` says so. */
  async follow(url: string, stop: (url: string) => boolean = () => false): Promise<{ url: string; res: Response }> {
    let current = url;
    for (let hops = 0; hops < 10; hops++) {
      const res = await this.fetch(current);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: current, res };
      current = new URL(location, current).toString();
      if (stop(current)) return { url: current, res };
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/**
 * Starts a sign-in at the app in `jar` and completes Keycloak's form as `username`; returns the
 * callback URL Keycloak sends the browser back to (not opened yet).
 */
export async function callbackUrlFor(jar: CookieJar, username: string): Promise<string> {
  const form = await jar.follow(`${APP_URL}/auth/login?returnTo=/board`);
  const html = await form.res.text();
  const action = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no Keycloak login form at ${form.url}`);
  const res = await jar.fetch(action.replaceAll('&amp;', '&'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: testEnv.DEMO_PASSWORD ?? 'demo', credentialId: '' }),
  });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location?.startsWith(`${APP_URL}/auth/callback`))
    throw new Error(`Keycloak did not sign ${username} in: ${res.status} ${location}`);
  return location;
}

/** A jar holding a desk session of `username`, signed in through Keycloak's form. */
export async function signedInJar(username: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const res = await jar.fetch(await callbackUrlFor(jar, username));
  if (res.status !== 302) throw new Error(`the desk refused the sign-in of ${username}: ${res.status} ${await res.text()}`);
  return jar;
}
