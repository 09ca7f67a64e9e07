// The pre-aggregated tables (analytics/rollups.ts) on the benchmark's store: their fill from
// every stored event (what migration 8 and a backfill run), their rows, and what the relay adds
// to a delivery: before, recomputing the days and incidents of a 1,000-event batch of the newest
// events (kept as the baseline); now, writing the batch's marks, while the refresher's pass
// recomputes what several batches marked (as many as the relay ships between two passes).
import type { Analytics } from '../infra/clickhouse';
import { DAY_ROLLUPS, rebuildAll, refreshRollups } from '../analytics/rollups';
import { p50p99, round, timeRuns } from './stats';
import { MarkSequence, markTouched } from '../analytics/rollupMarks';
import { refreshMarked } from '../analytics/rollupRefresher';

/** Batches marked per refresher pass: 2 s between passes at the relay's 1,000 events per batch and ~2.5 batches a second. */
const BATCHES_PER_PASS = 5;

export async function measureRollups(ch: Analytics, db: string, runs: number, log: (s: string) => void) {
  const rows = async <T>(query: string) => (await ch.query({ query, format: 'JSONEachRow' })).json<T>();
  const t0 = performance.now();
  for (const query of rebuildAll(db)) await ch.command({ query });
  const fillSeconds = round((performance.now() - t0) / 1000);
  const tables = [...DAY_ROLLUPS.map((r) => r.table), 'incident_snapshot'];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = Number((await rows<{ n: string }>(`SELECT count() AS n FROM ${db}.${t}`))[0]!.n);
  log(`rollups filled in ${fillSeconds} s: ${JSON.stringify(counts)}`);
  // The newest events in batches of 1,000, as the relay delivers them (the same rows again: the
  // refresh does the same work whether the batch was new or a duplicate).
  const batch = async (i: number) => {
    const events = await rows<{ d: string; i: string | null }>(
      `SELECT toString(toDate(occurred_at)) AS d, toString(incident_id) AS i FROM ${db}.incident_events ORDER BY occurred_at DESC LIMIT 1000 OFFSET ${i * 1000}`,
    );
    return { days: [...new Set(events.map((e) => e.d))].sort(), incidents: [...new Set(events.flatMap((e) => (e.i ? [e.i] : [])))] };
  };
  const batches = await Promise.all(Array.from({ length: runs + 2 }, (_, i) => batch(i)));
  const refresh = await timeRuns((i) => refreshRollups(ch, db, batches[i % batches.length]!), { runs });
  log(`refresh per batch (before): ${JSON.stringify(p50p99(refresh))}`);
  const seqs = new MarkSequence();
  const mark = await timeRuns((i) => markTouched(ch, db, seqs, batches[i % batches.length]!), { runs });
  await refreshMarked(ch, db, seqs);
  // Timed: the pass alone (its batches' marks are written before the clock starts).
  const pass: number[] = [];
  for (let i = 0; i < Math.ceil(runs / 2); i++) {
    for (let b = 0; b < BATCHES_PER_PASS; b++) await markTouched(ch, db, seqs, batches[(i * BATCHES_PER_PASS + b) % batches.length]!);
    const t0 = performance.now();
    await refreshMarked(ch, db, seqs);
    pass.push(performance.now() - t0);
  }
  log(`marks per batch: ${JSON.stringify(p50p99(mark))}; refresher pass: ${JSON.stringify(p50p99(pass))}`);
  return {
    fillSeconds,
    rows: counts,
    refreshPerBatch: p50p99(refresh),
    markPerBatch: p50p99(mark),
    refresherPass: { batches: BATCHES_PER_PASS, ...p50p99(pass) },
  };
}
