// Prometheus (Debian's server, started by scripts/test.sh) scrapes the app and the worker,
// and promtool accepts the repository's configuration and alert rules.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { APP_INTERNAL_URL, ROOT, testEnv } from '../support/env';
import { waitFor } from '../support/processes';

const PROM = `http://127.0.0.1:${testEnv.PROMETHEUS_PORT}`;

test('promtool accepts the alert rules and the app metrics exposition', async () => {
  expect(execFileSync('promtool', ['check', 'rules', path.join(ROOT, 'prometheus/alerts.yml')]).toString()).toContain('SUCCESS: 10 rules found');
  const metrics = await (await fetch(`${APP_INTERNAL_URL}/metrics`)).text();
  // promtool check metrics exits non-zero on format errors and prints lint problems.
  const lint = execFileSync('promtool', ['check', 'metrics'], { input: metrics }).toString();
  expect(lint).toBe('');
});

test('the alert rules fire when they should and stay quiet when they should not (promtool test rules)', () => {
  // promtool exits non-zero when an expected alert is missing or an unexpected one fires.
  expect(execFileSync('promtool', ['test', 'rules', path.join(ROOT, 'prometheus/alerts.test.yml')]).toString()).toContain('SUCCESS');
});

test('the app exports the backlog per department and the worker the Temporal SDK metrics', async () => {
  const app = await (await fetch(`${APP_INTERNAL_URL}/metrics`)).text();
  for (const name of ['incidentdesk_open_incidents', 'incidentdesk_sla_at_risk_incidents', 'incidentdesk_sla_breached_incidents']) {
    expect(app).toMatch(new RegExp(`^${name}\\{department="it"\\} \\d+$`, 'm'));
  }
  expect(app).toMatch(/^incidentdesk_analytics_outbox_pending_events \d+$/m);
  expect(app).toContain('# TYPE incidentdesk_analytics_delivery_failures_total counter');
  const worker = await (await fetch(`http://127.0.0.1:${testEnv.WORKER_METRICS_PORT}/metrics`)).text();
  expect(worker).toContain('# TYPE incidentdesk_sla_events_total counter');
  expect(worker).toContain('# TYPE incidentdesk_requests_closed_total counter');
  const sdk = await (await fetch(`http://127.0.0.1:${testEnv.TEMPORAL_SDK_METRICS_PORT}/metrics`)).text();
  expect(sdk).toMatch(/^temporal_\w+/m);
  expect(sdk).toMatch(/^temporal_worker_start_total\{/m);
  expect(sdk).toMatch(/^temporal_request_latency_seconds_bucket\{/m);
  // promtool check metrics prints nothing for a clean exposition (counters end in _total, ...).
  for (const exposition of [worker, sdk]) expect(execFileSync('promtool', ['check', 'metrics'], { input: exposition }).toString()).toBe('');
});

test('promtool accepts the scrape configuration as the local stack renders it', () => {
  const rendered = path.join(testEnv.DATA_DIR!, 'prometheus.yml');
  expect(execFileSync('promtool', ['check', 'config', rendered]).toString()).toContain('SUCCESS');
});

const startTime = async (url: string) => (await (await fetch(url)).text()).match(/^incidentdesk_process_start_time_seconds (\d+)/m)?.[1];

test("Prometheus scrapes this run's app and worker", async () => {
  // The process start time identifies the processes this test run started.
  const expected = {
    'incident-desk-app': await startTime(`${APP_INTERNAL_URL}/metrics`),
    'incident-desk-worker': await startTime(`http://127.0.0.1:${testEnv.WORKER_METRICS_PORT}/metrics`),
  };
  expect(expected['incident-desk-app']).toMatch(/^\d+$/);
  const scraped = await waitFor(
    'both targets scraped',
    async () => {
      const res = await fetch(`${PROM}/api/v1/query?query=${encodeURIComponent('incidentdesk_process_start_time_seconds')}`);
      const body = (await res.json()) as { data: { result: { metric: { job: string }; value: [number, string] }[] } };
      const jobs = Object.fromEntries(body.data.result.map((r) => [r.metric.job, r.value[1]]));
      return jobs['incident-desk-app'] === expected['incident-desk-app'] && jobs['incident-desk-worker'] === expected['incident-desk-worker'] ? jobs : null;
    },
    60000,
    1000,
  );
  expect(scraped).toEqual(expected);
});
