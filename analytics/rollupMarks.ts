// Durable marks of what the rollups still owe (issue 18, item 2): the relay writes the days and
// incidents of a delivered batch into rollup_dirty before the outbox marks the batch shipped, and
// the refresher (rollupRefresher.ts) recomputes them a few seconds later, once for every batch
// that touched them in between. A mark is deleted only after its refresh succeeded, so a failed
// refresh or a crash between the two leaves it for the next pass; a mark lost before it was
// written is impossible because the batch is not marked shipped until the mark is stored (a
// failure there re-delivers the batch, which writes the marks again).
import type { Analytics } from '../infra/clickhouse';
import type { Touched } from './rollups';

/** Migration 9: the marks, ordered by their sequence number. */
export function marksMigration(db: string): string[] {
  return [`CREATE TABLE IF NOT EXISTS ${db}.rollup_dirty (seq UInt64, kind LowCardinality(String), key String) ENGINE = MergeTree ORDER BY seq`];
}

/**
 * Sequence numbers of marks, increasing within the process (the clock's microseconds, or one more
 * than the last number written or read). Writing a mark and reading the marks are serialised by
 * `lock`, so a pass that read up to number n has seen every mark numbered up to n, and a mark
 * written after the read gets a higher number.
 */
export class MarkSequence {
  private last = 0;
  private chain: Promise<unknown> = Promise.resolve();
  next(): number {
    this.last = Math.max(this.last + 1, Date.now() * 1000);
    return this.last;
  }
  /** A restarted process numbers on from the marks it finds. */
  seen(n: number): void {
    this.last = Math.max(this.last, n);
  }
  /** Runs `job` after every job locked before it. */
  lock<T>(job: () => Promise<T>): Promise<T> {
    const result = this.chain.then(job, job);
    this.chain = result.catch(() => undefined);
    return result;
  }
}

export async function markTouched(ch: Analytics, db: string, seqs: MarkSequence, touched: Touched): Promise<void> {
  if (!touched.days.length && !touched.incidents.length) return;
  await seqs.lock(async () => {
    const seq = seqs.next();
    await ch.insert({
      table: `${db}.rollup_dirty`,
      format: 'JSONEachRow',
      values: [...touched.days.map((key) => ({ seq, kind: 'day', key })), ...touched.incidents.map((key) => ({ seq, kind: 'incident', key }))],
    });
  });
}

/** Every mark written so far, as what it touched and the highest number among them (null: none). */
export async function pendingMarks(ch: Analytics, db: string, seqs: MarkSequence): Promise<{ upTo: string; touched: Touched } | null> {
  return seqs.lock(async () => {
    const rows = await (
      await ch.query({ query: `SELECT kind, key, toString(max(seq)) AS upto FROM ${db}.rollup_dirty GROUP BY kind, key`, format: 'JSONEachRow' })
    ).json<{ kind: string; key: string; upto: string }>();
    if (!rows.length) return null;
    // Compared as BigInt: microsecond numbers pass 2^53 in the year 2255, but stay exact.
    const upTo = rows.map((r) => BigInt(r.upto)).reduce((a, b) => (a > b ? a : b));
    seqs.seen(Number(upTo));
    const of = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.key);
    return { upTo: upTo.toString(), touched: { days: of('day').sort(), incidents: of('incident') } };
  });
}

/** Drops the marks a successful refresh covered (those numbered up to `upTo`), before returning. */
export async function clearMarks(ch: Analytics, db: string, upTo: string): Promise<void> {
  await ch.command({ query: `ALTER TABLE ${db}.rollup_dirty DELETE WHERE seq <= ${BigInt(upTo).toString()}`, clickhouse_settings: { mutations_sync: '2' } });
}
