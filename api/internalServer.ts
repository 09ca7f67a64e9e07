// The internal port (APP_METRICS_PORT): Prometheus metrics and the detailed health report, for
// the monitoring network only. docker-compose publishes APP_PORT but not this port, and the
// public app answers /metrics with 404 and /api/health with up or down alone: the metrics name
// departments and backlog figures, and a failing check's detail names hosts and errors.
import express, { type Express } from 'express';
import type { Client } from '@temporalio/client';
import type { Database } from '../infra/db';
import type { Analytics } from '../infra/clickhouse';
import { registry } from '../infra/metrics';
import { health } from './health';
import type { LiveUpdates } from './liveUpdates';

export function createInternalApp(db: Database, temporal: Client, analytics: Analytics, live: LiveUpdates): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  app.get('/health', async (_req, res) => {
    const report = await health(db, temporal, analytics, live);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  return app;
}
