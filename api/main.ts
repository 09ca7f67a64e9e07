// API process: HTTP server, and owner of analytics (ClickHouse migrations and the relay
// that ships lifecycle events from the outbox).
import { loadConfig } from '../infra/config';
import { createDb } from '../infra/db';
import { createTemporalClient } from '../infra/temporal';
import { createAnalyticsClient } from '../infra/clickhouse';
import { log } from '../infra/logger';
import { migrateAnalytics } from '../analytics/migrations';
import { startAnalytics } from '../analytics/relay';
import { attachChat, createApp, stopApp } from './app';
import { createInternalApp } from './internalServer';
import type { LiveUpdates } from './liveUpdates';

/** How long SIGTERM waits for calls under way: an update waits 10 s at most (workflows/client.ts), so 20 s lets it answer; Kubernetes' default grace is 30 s. */
const SHUTDOWN_GRACE_MS = 20_000;

async function main() {
  const config = loadConfig();
  const db = createDb(config.DATABASE_URL);
  const temporal = await createTemporalClient(config);
  const analytics = createAnalyticsClient(config);
  const stopRelay = startAnalytics(
    db,
    analytics,
    config.CLICKHOUSE_DATABASE,
    { relayMs: config.ANALYTICS_RELAY_INTERVAL_MS, refreshMs: config.ANALYTICS_ROLLUP_REFRESH_MS },
    () => migrateAnalytics(analytics, config.CLICKHOUSE_DATABASE),
  );
  const app = createApp({ config, db, temporal, analytics });
  const server = app.listen(config.APP_PORT, config.APP_HOST, () => {
    log.info('api listening', { url: config.PUBLIC_URL, port: config.APP_PORT });
  });
  attachChat(app, server);
  // Metrics and the detailed health report, for monitoring only (not published by docker-compose).
  const internal = createInternalApp(db, temporal, analytics, app.locals.live as LiveUpdates).listen(config.APP_METRICS_PORT, config.APP_HOST);
  // Node closes an idle keep-alive connection after 5 s, shorter than the idle timeout of load
  // balancers (60 s) and HTTP clients' pools, so a request sent on a connection just closed fails
  // with "socket hang up" / "other side closed" (seen in the test suite). The app keeps idle
  // connections 65 s instead; SIGTERM closes them at once (shutdown below).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  let stopping = false;
  // Drain: stop accepting, end the live streams (they never finish by themselves), let the calls
  // under way answer (idle keep-alive connections are closed at once), then close Temporal's
  // connection and the pool. Calls still open after the grace period are cut.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    internal.close();
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    await stopApp(app);
    server.closeIdleConnections();
    const grace = setTimeout(() => {
      log.warn('calls still open after the grace period are cut', { graceMs: SHUTDOWN_GRACE_MS });
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    await drained;
    clearTimeout(grace);
    await stopRelay();
    await analytics.close();
    await temporal.connection.close();
    await db.destroy();
    log.info('api stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  log.error('api failed to start', { error: String(error?.stack ?? error) });
  process.exit(1);
});
