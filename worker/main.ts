// Worker process: runs workflows and activities, serves its metrics on WORKER_METRICS_PORT.
import http from 'node:http';
import { Runtime } from '@temporalio/worker';
import { loadConfig } from '../infra/config';
import { createDb } from '../infra/db';
import { log } from '../infra/logger';
import { registry } from '../infra/metrics';
import { createTemporalClient } from '../infra/temporal';
import { createWorker } from './createWorker';
import { ensureSchedules } from './schedules';

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
  const worker = await createWorker(config, db);
  if (config.SCHEDULES_ENABLED) {
    const client = await createTemporalClient(config);
    await ensureSchedules(client, db, config.TEMPORAL_TASK_QUEUE, { digest: config.DIGEST_TIME, slaSummary: config.SLA_SUMMARY_TIME });
    await client.connection.close();
  }
  const metrics = http
    .createServer(async (req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
    })
    .listen(config.WORKER_METRICS_PORT, config.APP_HOST);
  log.info('worker started', { taskQueue: config.TEMPORAL_TASK_QUEUE, metricsPort: config.WORKER_METRICS_PORT });
  await worker.run();
  metrics.close();
  await db.$disconnect();
}

main().catch((error) => {
  log.error('worker failed', { error: String(error?.stack ?? error) });
  process.exit(1);
});
