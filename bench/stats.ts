// Small statistics helpers for the benchmark report.
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `task(i)` for i in 0..n-1 with at most `concurrency` in flight; returns the wall time in ms. */
export async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return performance.now() - started;
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The median, rounded to a tenth. */
export const median = (values: number[]) => round(percentile(values, 50));

/**
 * Times `task(i)` sequentially after `warmup` untimed calls: `runs` times, or fewer when the
 * runs would take longer than `budgetMs` (never fewer than `minRuns`). Returns each run in ms.
 */
export async function timeRuns(
  task: (i: number) => Promise<unknown>,
  { runs, warmup = 2, budgetMs = Infinity, minRuns = 5 }: TimeRunsOptions,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await task(i);
  const out: number[] = [];
  const started = performance.now();
  for (let i = 0; i < runs && (out.length < minRuns || performance.now() - started < budgetMs); i++) {
    const t0 = performance.now();
    await task(i);
    out.push(performance.now() - t0);
  }
  return out;
}
export interface TimeRunsOptions {
  runs: number;
  warmup?: number;
  budgetMs?: number;
  minRuns?: number;
}

/** p50 and p99 of timings in ms, with the number of runs. */
export const p50p99 = (xs: number[]) => ({ n: xs.length, p50: round(percentile(xs, 50)), p99: round(percentile(xs, 99)) });
