// Refreshes the rollups off the relay's path (issue 18, item 2): at 10 million events the
// refresh after every 1,000-event batch cost 4.6 s at p50 (docs/performance.md), most of it
// rollup_daily's month copied and the day's events grouped FINAL, and the relay waited for it.
// Now the relay only writes durable marks (rollupMarks.ts) and this loop, in the same process,
// recomputes every marked day and incident once per pass, however many batches touched them
// since the last pass. A failed pass keeps its marks and is retried on the next tick.
import type { Analytics } from '../infra/clickhouse';
import { analyticsDeliveryFailures } from '../infra/metrics';
import { log } from '../infra/logger';
import { clearMarks, pendingMarks, type MarkSequence } from './rollupMarks';
import { refreshRollups } from './rollups';
import { startLoop } from '../infra/loop';

/** One pass: every marked day and incident recomputed, then their marks dropped. False: nothing was marked. */
export async function refreshMarked(ch: Analytics, db: string, seqs: MarkSequence): Promise<boolean> {
  const pending = await pendingMarks(ch, db, seqs);
  if (!pending) return false;
  await refreshRollups(ch, db, pending.touched);
  await clearMarks(ch, db, pending.upTo);
  return true;
}

/** A pass every intervalMs (after the previous one ended); stopping waits for a pass in flight. */
export function startRollupRefresher(ch: Analytics, db: string, seqs: MarkSequence, intervalMs: number): () => Promise<void> {
  return startLoop(async () => {
    try {
      await refreshMarked(ch, db, seqs);
    } catch (error) {
      analyticsDeliveryFailures.inc();
      log.warn('analytics: rollup refresh failed, its marks stay for the next pass', { error: String(error), retryInMs: intervalMs });
    }
    return intervalMs;
  }, intervalMs);
}
