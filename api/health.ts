// Readiness of every part the app depends on.
import type { Client } from '@temporalio/client';
import type { Database } from '../infra/db';
import { ping } from './healthRepository';
import type { Analytics } from '../infra/clickhouse';

export type HealthReport = { status: 'ok' | 'degraded'; checks: Record<string, { ok: boolean; detail?: string }> };

async function check(fn: () => Promise<unknown>): Promise<{ ok: boolean; detail?: string }> {
  try {
    await fn();
    return { ok: true };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}

export async function health(db: Database, temporal: Client, ch: Analytics, live: { connected: boolean }): Promise<HealthReport> {
  const [database, workflowEngine, analytics] = await Promise.all([
    check(() => ping(db)),
    check(() => temporal.workflowService.getSystemInfo({})),
    check(async () => {
      const ping = await ch.ping();
      if (!ping.success) throw ping.error;
    }),
  ]);
  // The live board's LISTEN connection reconnects by itself (liveUpdates.ts); while it is down
  // the board shows changes only on reload.
  const liveUpdates = live.connected ? { ok: true } : { ok: false, detail: 'the live board is reconnecting to PostgreSQL' };
  const checks = { database, temporal: workflowEngine, clickhouse: analytics, liveUpdates };
  return { status: Object.values(checks).every((c) => c.ok) ? 'ok' : 'degraded', checks };
}
