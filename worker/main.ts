// Worker process: runs workflows and activities, serves its metrics on WORKER_METRICS_PORT.
import http from 'node:http';
import { GracefulShutdownPeriodExpiredError, Runtime } from '@temporalio/worker';
import { loadConfig } from '../infra/config';
import { createDb } from '../infra/db';
import { log } from '../infra/logger';
import { registry } from '../infra/metrics';
import { createTemporalClient } from '../infra/temporal';
import { createLifecycle, createWorker } from './createWorker';
import { runNotifier } from './notifier';
import { ensureSchedules } from './schedules';
import { housekeepEvery } from './housekeeping';
import { readMailboxes } from './mailIntake';
import { runBus } from './busIntake';
import { mailCommentsEvery } from './commentMail';
import { readSms, stopSms } from './sms';
import { EmployeeDirectory } from '../domain/people/employeeDirectory';
import { KeycloakAdmin } from '../infra/keycloakAdmin';
import { startSyncWorkflows } from './syncWorkflows';

async function main() {
  const config = loadConfig();
  // The SDK's metrics (workflow task and activity latencies, polls, cache, sticky queues) on
  // their own port, scraped beside the worker's /metrics. Must precede every connection.
  if (config.TEMPORAL_SDK_METRICS_PORT) {
    // Prometheus conventions (promtool check metrics): counters end in _total, durations are
    // histograms in seconds named with their unit (e.g. temporal_workflow_completed_total,
    // temporal_activity_execution_latency_seconds).
    Runtime.install({
      telemetryOptions: {
        metrics: {
          prometheus: {
            bindAddress: `${config.APP_HOST}:${config.TEMPORAL_SDK_METRICS_PORT}`,
            countersTotalSuffix: true,
            unitSuffix: true,
            useSecondsForDurations: true,
          },
          metricPrefix: 'temporal_',
        },
      },
    });
  }
  const db = createDb(config.DATABASE_URL);
  const lifecycle = createLifecycle(config, db);
  const worker = await createWorker(config, db, lifecycle);
  // Every worker sends the messages the process owes (worker/notifier.ts).
  const stopNotifier = runNotifier(db, config.TEMPORAL_TASK_QUEUE, lifecycle);
  // The main worker (the one that owns the schedules) also keeps house (housekeeping.ts).
  const client = config.SCHEDULES_ENABLED ? await createTemporalClient(config) : null;
  let stopHousekeeping = async () => {};
  let stopMail = async () => {};
  let stopBus = async () => {};
  let stopCommentMail = async () => {};
  let stopSmsIntake = async () => {};
  if (client) {
    await ensureSchedules(client, db, config.TEMPORAL_TASK_QUEUE, { digest: config.DIGEST_TIME, slaSummary: config.SLA_SUMMARY_TIME });
    if (config.EMPLOYEE_SYNC_MINUTES > 0) syncEmployeesEvery(config, db, config.EMPLOYEE_SYNC_MINUTES);
    if (config.HOUSEKEEPING_EVERY_SECONDS > 0)
      stopHousekeeping = housekeepEvery(client, db, config.TEMPORAL_TASK_QUEUE, {
        everySeconds: config.HOUSEKEEPING_EVERY_SECONDS,
        reconcileAfterSeconds: config.RECONCILE_AFTER_SECONDS,
        idempotencyKeyHours: config.IDEMPOTENCY_KEY_HOURS,
      });
    stopMail = readMailboxes(config, client, db);
    stopSmsIntake = readSms(config, client, db);
    stopBus = runBus(config, client, db);
    stopCommentMail = mailCommentsEvery(config, db);
    await startSyncWorkflows(config, client);
  }
  const metrics = http
    .createServer(async (req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
    })
    .listen(config.WORKER_METRICS_PORT, config.APP_HOST);
  log.info('worker started', { taskQueue: config.TEMPORAL_TASK_QUEUE, metricsPort: config.WORKER_METRICS_PORT });
  // SIGTERM or SIGINT: the SDK stops polling, lets the tasks under way finish (or be retried
  // elsewhere after their timeout) and resolves run(); then the rest is closed in order.
  let forced = false;
  await worker.run().catch((error: unknown) => {
    // Past SHUTDOWN_FORCE (createWorker.ts) the tasks still under way are left to their timeouts.
    if (!(error instanceof GracefulShutdownPeriodExpiredError)) throw error;
    forced = true;
    log.warn('worker stopped before its tasks under way ended; they are retried after their timeouts', { error: error.message });
  });
  await stopNotifier();
  await stopHousekeeping();
  await stopMail();
  await stopBus();
  await stopCommentMail();
  await stopSmsIntake();
  await stopSms();
  await client?.connection.close();
  metrics.close();
  await db.destroy();
  log.info('worker stopped');
  // The SDK's abandoned tasks may keep handles open; the process is done.
  if (forced) process.exit(0);
}

/** Mirrors Keycloak's users now and then every few minutes; a failure is logged, never fatal. */
function syncEmployeesEvery(config: ReturnType<typeof loadConfig>, db: ReturnType<typeof createDb>, minutes: number): void {
  const directory = new EmployeeDirectory(db, new KeycloakAdmin(config.OIDC_ISSUER, config.SERVICE_CLIENT_ID, config.SERVICE_CLIENT_SECRET));
  const run = () =>
    directory
      .sync()
      .then((r) => log.info('employees mirrored from Keycloak', r))
      .catch((error: unknown) => log.warn('employee sync failed', { error: String(error) }));
  void run();
  setInterval(run, minutes * 60_000).unref();
}

main().catch((error) => {
  log.error('worker failed', { error: String(error?.stack ?? error) });
  process.exit(1);
});
