// Calls the running app as a demo user, with a real Keycloak access token.
import { APP_URL, testEnv } from './env';

const tokens = new Map<string, Promise<{ token: string; expires: number }>>();

const passwordGrant = (username: string) =>
  fetch(`${testEnv.OIDC_ISSUER}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'incident-desk-cli', username, password: testEnv.DEMO_PASSWORD ?? 'demo' }),
  });

async function signIn(username: string): Promise<{ token: string; expires: number }> {
  const res = await passwordGrant(username);
  if (!res.ok) throw new Error(`Keycloak refused ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { access_token: string; expires_in: number };
  return { token: body.access_token, expires: Date.now() + body.expires_in * 1000 };
}

/**
 * The user's access token: one sign-in per user while it lasts, shared by the callers that ask
 * at once. Keycloak's brute-force detection (on in every realm) answered 50 concurrent password
 * grants for one user with "user_temporarily_disabled".
 */
export async function tokenFor(username: string): Promise<string> {
  const cached = tokens.get(username);
  if (cached) {
    const signedIn = await cached.catch(() => null);
    if (signedIn && signedIn.expires > Date.now() + 30_000) return signedIn.token;
    if (tokens.get(username) !== cached) return tokenFor(username); // another caller renewed it meanwhile
  }
  const fresh = signIn(username);
  tokens.set(username, fresh);
  fresh.catch(() => tokens.delete(username));
  return (await fresh).token;
}

/** Whether Keycloak signs people in now (after its database restarted, its pooled connections fail once each). */
export async function keycloakSignsIn(): Promise<boolean> {
  return (await passwordGrant('olga')).ok;
}

export interface ApiResponse<T = any> {
  status: number;
  contentType: string;
  body: T;
  headers: Headers;
}

export async function api<T = any>(
  username: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const res = await fetch(`${APP_URL}${path}`, {
    method,
    headers: {
      ...(username ? { authorization: `Bearer ${await tokenFor(username)}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  return { status: res.status, contentType, body: contentType.includes('json') && text ? JSON.parse(text) : text, headers: res.headers };
}

let seq = 0;
/** Files a request as an operator and returns its id. */
export async function fileRequest(operator: string, serviceCode: string, description = 'Test request', phone = '+74951230001'): Promise<string> {
  const res = await api(
    operator,
    'POST',
    '/api/requests',
    { phone, serviceCode, description },
    { 'Idempotency-Key': `test-${process.pid}-${Date.now()}-${++seq}` },
  );
  if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.request.id as string;
}

/** Uploads bytes as the multipart field "file" to an incident, as the web app does. */
export async function uploadFile(user: string, incidentId: string, name: string, type: string, bytes: Buffer, query = '') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${APP_URL}/api/incidents/${incidentId}/attachments${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenFor(user)}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}
