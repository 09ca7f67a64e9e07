// Temporal, PostgreSQL or Keycloak not answering: the API answers 503 problem+json with
// Retry-After (api/unavailable.ts), never a 500, and never hangs; a request filed while
// Temporal is down is recorded and started by the reconciler when it is back.
import { api, fileRequest, tokenFor } from '../support/api';
import { openDb } from '../support/db';
import { testEnv } from '../support/env';
import { alive, killProcess, pidOf, restartPostgres, spawnProcess, stack, startWorker, unusedPort, waitFor } from '../support/processes';

const db = openDb();
afterAll(() => db.$disconnect());

function expectUnavailable(res: { status: number; contentType: string; body: { status?: number; detail?: string } }, retryAfter: string | null) {
  expect(res.status).toBe(503);
  expect(res.contentType).toContain('application/problem+json');
  expect(res.body.status).toBe(503);
  expect(retryAfter).toBe('10');
}

async function call(path: string, init: RequestInit & { user?: string; port?: string } = {}) {
  const { user = 'olga', port = testEnv.APP_PORT, ...rest } = init;
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    ...rest,
    headers: { authorization: `Bearer ${await tokenFor(user)}`, 'content-type': 'application/json', ...(rest.headers as Record<string, string>) },
  });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    retryAfter: res.headers.get('retry-after'),
    body: text ? JSON.parse(text) : {},
  };
}

const incidentOf = (requestId: string) => waitFor(`incident of ${requestId}`, () => db.incident.findUnique({ where: { requestId } }), 60000, 250);

test('Temporal down: a transition is a 503 with Retry-After; a filing is recorded and its workflow started once Temporal is back', async () => {
  const incident = await incidentOf(await fileRequest('olga', 'it-access', 'Before the Temporal outage'));
  stack('stop', 'temporal');
  try {
    const moved = await call(`/api/incidents/${incident.id}/resolve`, { method: 'POST', body: JSON.stringify({ resolution: 'During the outage' }) });
    expectUnavailable(moved, moved.retryAfter);
    // Filing does not fail into a retry that would file twice: the row is kept and answered.
    const filed = await api('olga', 'POST', '/api/requests', { phone: '+74951230001', serviceCode: 'it-access', description: 'Filed while Temporal is down' });
    expect(filed.status).toBe(201);
    expect(await db.serviceRequest.findUniqueOrThrow({ where: { id: filed.body.request.id } })).toMatchObject({ status: 'NEW' });
    stack('start', 'temporal');
    const late = await incidentOf(filed.body.request.id as string);
    expect(await db.externalOrder.count({ where: { requestId: late.requestId } })).toBe(1);
  } finally {
    stack('start', 'temporal');
  }
}, 240000);

test('the worker down: an update has a deadline and answers 503 instead of hanging', async () => {
  const incident = await incidentOf(await fileRequest('olga', 'it-access', 'Before the worker stops'));
  const pid = pidOf('worker');
  killProcess('worker', 'SIGKILL');
  await waitFor('worker to die', async () => !alive(pid), 10000);
  try {
    const moved = await call(`/api/incidents/${incident.id}/transitions`, { method: 'POST', body: JSON.stringify({ action: 'setPriority', priority: 'P1' }) });
    expectUnavailable(moved, moved.retryAfter);
  } finally {
    await startWorker();
  }
}, 120000);

test('PostgreSQL down: reads and writes are 503 with Retry-After; the app and the worker serve again when it is back', async () => {
  await tokenFor('olga');
  await db.$disconnect(); // this test's own connections reconnect after the restart
  stack('stop', 'postgres');
  try {
    const list = await call('/api/incidents');
    expectUnavailable(list, list.retryAfter);
    const filed = await call('/api/requests', {
      method: 'POST',
      body: JSON.stringify({ phone: '+74951230001', serviceCode: 'it-access', description: 'While PostgreSQL is down' }),
    });
    expectUnavailable(filed, filed.retryAfter);
  } finally {
    await restartPostgres();
  }
  await waitFor('the API back', async () => (await call('/api/incidents')).status === 200, 60000, 500);
  await incidentOf(await fileRequest('olga', 'it-access', 'After PostgreSQL is back'));
}, 180000);

test('Keycloak not answering: a signed-in call is a 503 with Retry-After, not a 500', async () => {
  // A second app whose Keycloak address answers nothing: the issuer cannot be discovered.
  const port = String(await unusedPort());
  spawnProcess('keycloakless-app', {
    APP_PORT: port,
    APP_METRICS_PORT: String(await unusedPort()),
    OIDC_ISSUER: `http://127.0.0.1:${await unusedPort()}/realms/incident-desk`,
    // Its analytics relay delivers nowhere, so the outbox's events stay for the main app's.
    CLICKHOUSE_URL: `http://127.0.0.1:${await unusedPort()}`,
  });
  try {
    await waitFor('the second app', async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).status > 0, 60000);
    const list = await call('/api/incidents', { port });
    expectUnavailable(list, list.retryAfter);
  } finally {
    killProcess('keycloakless-app', 'SIGKILL');
  }
}, 120000);
