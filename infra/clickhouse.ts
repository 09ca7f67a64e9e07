// ClickHouse client: a server when CLICKHOUSE_URL is set, otherwise the embedded chDB engine
// (one process may own an embedded data directory: the API process does).
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { Config } from './config';

export type Analytics = ClickHouseClient;

export function createAnalyticsClient(config: Pick<Config, 'CLICKHOUSE_URL' | 'CLICKHOUSE_USER' | 'CLICKHOUSE_PASSWORD' | 'CHDB_PATH'>): Analytics {
  if (config.CLICKHOUSE_URL) {
    return createClient({ url: config.CLICKHOUSE_URL, username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD });
  }
  // Loaded lazily: the native chDB library is large and only needed in embedded mode.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createChdbConnection } = require('chdb/connection') as typeof import('chdb/connection');
  return createClient({ connection: createChdbConnection({ path: config.CHDB_PATH }) } as Parameters<typeof createClient>[0]);
}
