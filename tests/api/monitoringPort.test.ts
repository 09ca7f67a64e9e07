// Metrics and health details are not public: the app's public port answers /metrics with 404
// and /api/health with up or down alone; the internal port (APP_METRICS_PORT, unpublished in
// docker-compose) serves both in full, and nothing else.
import { APP_INTERNAL_URL, APP_URL } from '../support/env';

test('the public port hides the metrics and the health details', async () => {
  const metrics = await fetch(`${APP_URL}/metrics`);
  expect(metrics.status).toBe(404);
  expect(metrics.headers.get('content-type')).toContain('application/problem+json');
  expect(await metrics.text()).not.toContain('incidentdesk_');
  const health = await fetch(`${APP_URL}/api/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
});

test('the internal port serves the metrics and each check of the health report', async () => {
  const metrics = await fetch(`${APP_INTERNAL_URL}/metrics`);
  expect(metrics.status).toBe(200);
  expect(await metrics.text()).toContain('incidentdesk_http_requests_total');
  const health = await fetch(`${APP_INTERNAL_URL}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({
    status: 'ok',
    checks: { database: { ok: true }, temporal: { ok: true }, clickhouse: { ok: true }, liveUpdates: { ok: true } },
  });
});

test('the internal port serves nothing of the API', async () => {
  expect((await fetch(`${APP_INTERNAL_URL}/api/health`)).status).toBe(404);
  expect((await fetch(`${APP_INTERNAL_URL}/api/requests`)).status).toBe(404);
});
