// Keycloak's admin REST API for tests: people registering, or changing their profile, the
// way they would in Keycloak itself.
import type { Fixtures } from './db';
import { testEnv } from './env';

async function adminToken(): Promise<string> {
  const res = await fetch(`${testEnv.KEYCLOAK_URL}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: 'admin', password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'admin' }),
  });
  if (!res.ok) throw new Error(`Keycloak admin sign-in: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function adminCall(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${testEnv.KEYCLOAK_URL}/admin/realms/incident-desk${path}`, {
    method,
    headers: { authorization: `Bearer ${await adminToken()}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Creates a Keycloak user the way registration does (no roles but the defaults), password "demo". */
export async function registerInKeycloak(username: string, email: string, emailVerified = true): Promise<void> {
  const res = await adminCall('POST', '/users', {
    username,
    email,
    firstName: 'New',
    lastName: 'Hire',
    enabled: true,
    emailVerified,
    credentials: [{ type: 'password', value: 'demo', temporary: false }],
  });
  if (res.status !== 201) throw new Error(`Keycloak refused the user ${username}: ${res.status} ${await res.text()}`);
}

/** The user's Keycloak representation (by username). */
export async function keycloakUser(username: string): Promise<{ id: string; email?: string; emailVerified?: boolean } & Record<string, unknown>> {
  const res = await adminCall('GET', `/users?exact=true&username=${encodeURIComponent(username)}`);
  const [user] = (await res.json()) as ({ id: string } & Record<string, unknown>)[];
  if (!user) throw new Error(`no Keycloak user ${username}`);
  return user;
}

/** Changes the user's profile as its owner or an admin would (e-mail, its verification, ...). */
export async function updateKeycloakUser(username: string, changes: Record<string, unknown>): Promise<void> {
  const user = await keycloakUser(username);
  const res = await adminCall('PUT', `/users/${user.id}`, { ...user, ...changes });
  if (res.status !== 204) throw new Error(`Keycloak refused the change of ${username}: ${res.status} ${await res.text()}`);
}

/** A fresh access token (never a cached one: the profile may just have changed). */
export async function freshToken(username: string): Promise<string> {
  const res = await fetch(`${testEnv.OIDC_ISSUER}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'incident-desk-cli', username, password: testEnv.DEMO_PASSWORD ?? 'demo' }),
  });
  if (!res.ok) throw new Error(`Keycloak refused ${username}: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Runs `work` with realm settings changed (for example verifyEmail off), restoring them after. */
export async function withRealmSettings<T>(changes: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
  const token = await adminToken();
  const url = `${testEnv.KEYCLOAK_URL}/admin/realms/incident-desk`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const before = (await (await fetch(url, { headers })).json()) as Record<string, unknown>;
  const put = async (body: Record<string, unknown>) => {
    const res = await fetch(url, { method: 'PUT', headers: { ...headers, authorization: `Bearer ${await adminToken()}` }, body: JSON.stringify(body) });
    if (res.status !== 204) throw new Error(`Keycloak refused the realm change: ${res.status} ${await res.text()}`);
  };
  await put(changes);
  try {
    return await work();
  } finally {
    await put(Object.fromEntries(Object.keys(changes).map((k) => [k, before[k]])));
  }
}

/** Password-grant tokens from a client the desk does not know, created for `work` and deleted after. */
export async function withForeignClient<T>(work: (mint: (username: string) => Promise<string>) => Promise<T>): Promise<T> {
  const clientId = `foreign-app-${Date.now()}`;
  const created = await adminCall('POST', '/clients', {
    clientId,
    enabled: true,
    publicClient: true,
    standardFlowEnabled: false,
    directAccessGrantsEnabled: true,
  });
  if (created.status !== 201) throw new Error(`Keycloak refused the client ${clientId}: ${created.status} ${await created.text()}`);
  const mint = async (username: string) => (await passwordGrant(clientId, username)).access_token;
  try {
    return await work(mint);
  } finally {
    const [client] = (await (await adminCall('GET', `/clients?clientId=${clientId}`)).json()) as { id: string }[];
    if (client) await adminCall('DELETE', `/clients/${client.id}`);
  }
}

/** Every token of a password grant through `clientId` (the test client by default). */
export async function passwordGrant(
  clientId: string,
  username: string,
): Promise<{ access_token: string; id_token: string; refresh_token: string; expires_in: number }> {
  const res = await fetch(`${testEnv.OIDC_ISSUER}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username, password: testEnv.DEMO_PASSWORD ?? 'demo', scope: 'openid' }),
  });
  if (!res.ok) throw new Error(`Keycloak refused ${username} through ${clientId}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { access_token: string; id_token: string; refresh_token: string; expires_in: number };
}

/** Gives the user a realm role (agent, supervisor, ...) the way an admin does in Keycloak's console. */
export async function grantRealmRole(username: string, role: string): Promise<void> {
  const user = await keycloakUser(username);
  const representation = (await (await adminCall('GET', `/roles/${role}`)).json()) as { id: string; name: string };
  const res = await adminCall('POST', `/users/${user.id}/role-mappings/realm`, [representation]);
  if (res.status !== 204) throw new Error(`Keycloak refused the role ${role} for ${username}: ${res.status} ${await res.text()}`);
}

/** The token endpoint's answer to a password sign-in through the dev realm's test client. */
export async function passwordAttempt(username: string, password: string): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`${testEnv.OIDC_ISSUER}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'incident-desk-cli', username, password }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** Changes the user's profile as its owner, through Keycloak's account API (the account console's). */
export async function updateOwnAccount(username: string, changes: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await freshToken(username);
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' };
  const current = (await (await fetch(`${testEnv.OIDC_ISSUER}/account/`, { headers })).json()) as Record<string, unknown>;
  const res = await fetch(`${testEnv.OIDC_ISSUER}/account/`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ username: current.username, email: current.email, firstName: current.firstName, lastName: current.lastName, ...changes }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/**
 * A staff member of the suite's own: a Keycloak user (password "demo") with these realm roles and
 * department (the token's claims), and their Employee row under the same id, so the desk admits
 * them at once. Their Keycloak id.
 */
export async function staffInKeycloak(db: Fixtures, username: string, roles: string[], department: { id: string; code: string }): Promise<string> {
  const email = `${username}@staff.example`;
  const res = await adminCall('POST', '/users', {
    username,
    email,
    firstName: 'Chat',
    lastName: 'Agent',
    enabled: true,
    emailVerified: true,
    attributes: { department: [department.code] },
    credentials: [{ type: 'password', value: 'demo', temporary: false }],
  });
  if (res.status !== 201) throw new Error(`Keycloak refused the user ${username}: ${res.status} ${await res.text()}`);
  const { id } = await keycloakUser(username);
  const reps = await Promise.all(roles.map(async (r) => (await adminCall('GET', `/roles/${r}`)).json()));
  const mapped = await adminCall('POST', `/users/${id}/role-mappings/realm`, reps);
  if (mapped.status !== 204) throw new Error(`Keycloak refused the roles of ${username}: ${mapped.status} ${await mapped.text()}`);
  await db.employee.create({ data: { id, username, email, fullName: `Chat Agent ${username}`, roles, departmentId: department.id } });
  return id;
}
