// An embedded chDB store of a test's own in a fresh temporary folder, with the analytics
// migrations applied (the dashboards' and the rollups' tests run their queries on it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAnalyticsClient, type Analytics } from '../../infra/clickhouse';
import { migrateAnalytics } from '../../analytics/migrations';

export async function migratedChdb(name: string, database: string): Promise<Analytics> {
  const ch = createAnalyticsClient({
    CLICKHOUSE_URL: '',
    CLICKHOUSE_USER: 'default',
    CLICKHOUSE_PASSWORD: '',
    CHDB_PATH: fs.mkdtempSync(path.join(os.tmpdir(), `chdb-${name}-`)),
  });
  await migrateAnalytics(ch, database);
  return ch;
}
