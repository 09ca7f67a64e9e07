// Rebuilds the ClickHouse event store from the PostgreSQL outbox (every IncidentEvent row,
// shipped or not), e.g. after losing the analytics volume or adding a ClickHouse server.
// Idempotent: events already there are collapsed by event id (see analytics/migrations.ts).
// With embedded chDB, stop the app first: one process may open its folder.
// Usage: node dist/analytics/backfill.js   (npm run analytics:backfill)
import { loadConfig } from '../infra/config';
import { createDb } from '../infra/db';
import { eventsAfter, markShipped } from '../domain/shared/eventsRepository';
import { createAnalyticsClient } from '../infra/clickhouse';
import { migrateAnalytics } from './migrations';
import { insertEvents } from './relay';
import { rebuildAll } from './rollups';

const PAGE = 5000;

export async function backfill(): Promise<number> {
  const config = loadConfig();
  const db = createDb(config.DATABASE_URL, 2);
  const ch = createAnalyticsClient(config);
  try {
    await migrateAnalytics(ch, config.CLICKHOUSE_DATABASE);
    let cursor: string | null = null;
    let total = 0;
    for (;;) {
      const rows = await eventsAfter(db, cursor, PAGE);
      if (!rows.length) break;
      await insertEvents(ch, config.CLICKHOUSE_DATABASE, rows);
      await markShipped(
        db,
        rows.map((r) => r.id),
        true,
      );
      total += rows.length;
      cursor = rows[rows.length - 1]!.id;
    }
    // The pre-aggregated tables recomputed from every stored event (a run that fails before this
    // leaves them behind until it is run again, which it may be: it reads every row).
    for (const query of rebuildAll(config.CLICKHOUSE_DATABASE)) await ch.command({ query });
    return total;
  } finally {
    await ch.close();
    await db.destroy();
  }
}

if (require.main === module) {
  backfill().then(
    (n) => console.log(`backfill: ${n} events written to ClickHouse`),
    (error) => {
      console.error('backfill failed:', error);
      process.exit(1);
    },
  );
}
