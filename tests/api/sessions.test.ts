// Browser sessions attacked against the real Keycloak: a sign-in finishes only in the browser
// that started it, sign-out is a POST, changes with the session cookie come from the desk's own
// origin, and a session follows Keycloak (roles, disabled account) and ends when idle.
import { createHmac } from 'node:crypto';
import { api } from '../support/api';
import { APP_URL, testEnv } from '../support/env';
import { openDb } from '../support/db';
import { CookieJar, callbackUrlFor, signedInJar } from '../support/cookieJar';
import { grantRealmRole, registerInKeycloak, updateKeycloakUser } from '../support/keycloak';
import { waitFor } from '../support/processes';

const db = openDb();
afterAll(() => db.$disconnect());
const SESSION = 'incident_desk_session';

const me = async (jar: CookieJar) => {
  const res = await jar.fetch(`${APP_URL}/api/me`);
  return { status: res.status, body: (await res.json()) as { username?: string; roles?: string[] } };
};

/** A Keycloak user the desk already knows (mirrored by the sync), so they are admitted. */
async function newcomer(): Promise<string> {
  const username = `session-${Date.now()}`;
  await registerInKeycloak(username, `${username}@example.test`);
  expect((await api('admin', 'POST', '/api/admin/employees/sync')).status).toBe(200);
  return username;
}

test('a callback URL delivered to another browser is refused and signs no one in (login CSRF)', async () => {
  const attacker = new CookieJar();
  const callback = await callbackUrlFor(attacker, 'ivan');
  // The victim's browser has a sign-in of its own under way, and one has none at all.
  const victim = new CookieJar();
  await victim.follow(`${APP_URL}/auth/login`, (url) => url.startsWith(testEnv.OIDC_ISSUER!));
  for (const browser of [victim, new CookieJar()]) {
    const res = await browser.fetch(callback);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(browser.cookie(APP_URL, SESSION)).toBeUndefined();
    expect((await me(browser)).status).toBe(401);
  }
  // The browser that started it finishes it.
  const res = await attacker.fetch(callback);
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toBe('/board');
  expect((await me(attacker)).body.username).toBe('ivan');
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION}=`))!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
});

test('sign-out is a POST from the desk; GET /auth/logout signs no one out', async () => {
  const jar = await signedInJar('ivan');
  const get = await jar.fetch(`${APP_URL}/auth/logout`);
  expect(get.status).toBe(405);
  expect(get.headers.get('allow')).toBe('POST');
  expect((await me(jar)).status).toBe(200);

  const foreign = await jar.fetch(`${APP_URL}/auth/logout`, { method: 'POST', headers: { origin: 'https://evil.example' } });
  expect(foreign.status).toBe(403);
  expect((await me(jar)).status).toBe(200);

  const post = await jar.fetch(`${APP_URL}/auth/logout`, { method: 'POST', headers: { origin: APP_URL } });
  expect(post.status).toBe(303);
  expect(post.headers.get('location')).toContain(`${testEnv.OIDC_ISSUER}/protocol/openid-connect/logout`);
  expect((await me(jar)).status).toBe(401);
});

test('a change with the session cookie from another origin is refused; bearer calls are not checked', async () => {
  const jar = await signedInJar('sergey');
  const post = (headers: Record<string, string>) =>
    jar.fetch(`${APP_URL}/api/requests`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
  const foreign: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, {}, { 'sec-fetch-site': 'cross-site' }];
  for (const headers of foreign) {
    const res = await post(headers);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { detail: string }).detail).toContain(APP_URL);
  }
  // From the desk's own pages the request reaches the endpoint (which finds the body empty).
  expect((await post({ origin: APP_URL })).status).toBe(400);
  expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(400);
  expect((await api('sergey', 'POST', '/api/requests', {}, { origin: 'https://evil.example' })).status).toBe(400);
});

test('new roles in Keycloak reach the session; a disabled account ends it and its live stream', async () => {
  const username = await newcomer();
  const jar = await signedInJar(username);
  expect((await me(jar)).body.roles).not.toContain('agent');
  const stream = await jar.fetch(`${APP_URL}/api/incidents/stream`);
  expect(stream.status).toBe(200);
  const reader = stream.body!.getReader();
  expect(new TextDecoder().decode((await reader.read()).value)).toContain(': connected');

  await grantRealmRole(username, 'agent');
  // Within SESSION_RECHECK_MINUTES (3 seconds in the test profile).
  await waitFor('the new role', async () => (await me(jar)).body.roles?.includes('agent'));

  await updateKeycloakUser(username, { enabled: false });
  await waitFor('the session to end', async () => (await me(jar)).status === 401);
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
});

test('a session idle for longer than SESSION_IDLE_MINUTES is over', async () => {
  const jar = await signedInJar('ivan');
  expect((await me(jar)).status).toBe(200);
  const id = createHmac('sha256', testEnv.SESSION_SECRET!).update(jar.cookie(APP_URL, SESSION)!).digest('hex');
  await db.session.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - 2 * 3600_000) } });
  expect((await me(jar)).status).toBe(401);
  expect(await db.session.count({ where: { id } })).toBe(0);
});
