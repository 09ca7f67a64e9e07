// API process: HTTP server, and owner of analytics (ClickHouse migrations and the relay
// that ships lifecycle events from the outbox).
import { loadConfig } from '../infra/config';
import { createDb } from '../infra/db';
import { createTemporalClient } from '../infra/temporal';
import { createAnalyticsClient } from '../infra/clickhouse';
import { log } from '../infra/logger';
import { migrateAnalytics } from '../analytics/migrations';
import { startAnalytics } from '../analytics/relay';
import { createApp } from './app';
import { createInternalApp } from './internalServer';

async function main() {
  const config = loadConfig();
  const db = createDb(config.DATABASE_URL);
  const temporal = await createTemporalClient(config);
  const analytics = createAnalyticsClient(config);
  const stopRelay = startAnalytics(db, analytics, config.CLICKHOUSE_DATABASE, config.ANALYTICS_RELAY_INTERVAL_MS, () =>
    migrateAnalytics(analytics, config.CLICKHOUSE_DATABASE),
  );
  const server = createApp({ config, db, temporal, analytics }).listen(config.APP_PORT, config.APP_HOST, () => {
    log.info('api listening', { url: config.PUBLIC_URL, port: config.APP_PORT });
  });
  // Metrics and the detailed health report, for monitoring only (not published by docker-compose).
  const internal = createInternalApp(db, temporal, analytics).listen(config.APP_METRICS_PORT, config.APP_HOST);
  const shutdown = async (signal: string) => {
    log.info('shutting down', { signal });
    server.close();
    internal.close();
    await stopRelay();
    await analytics.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  log.error('api failed to start', { error: String(error?.stack ?? error) });
  process.exit(1);
});
