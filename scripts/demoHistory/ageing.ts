// Gives the demo desk its weeks: the demo is made in a minute or two, so its finished requests
// are moved back over the last three weeks, into office hours, each lasting one to thirty hours
// instead of seconds. Only closed requests with no message owed move: their process has nothing
// left to do, so no timer of it points at the old times and no event of it comes later; and
// their outbox events are still unshipped (start.sh holds the analytics relay back while the demo
// is made), so ClickHouse receives them once, already dated. Open requests keep today's times,
// which their running workflows' SLA timers agree with.
import { createDb, type Database } from '../../infra/db';
import { finishedRequests, moveRequest, type Finished } from './ageingRepository';

const DAY = 86_400_000;

/** Moves the finished requests back, once those of `awaited` have finished (up to a minute). */
export async function ageFinishedRequests(databaseUrl: string, awaited: string[], now = new Date()): Promise<number> {
  const db = createDb(databaseUrl, 2);
  try {
    const finished = await finishedOnes(db, awaited);
    for (const [i, r] of finished.entries()) {
      // Spread over 1..21 days back (8 and 21 coprime: every day once per 21 requests), at 08:00-16:00 UTC (11:00-19:00 in Moscow); deterministic,
      // so two demo desks look alike.
      const start = new Date(Math.floor((now.getTime() - (1 + ((i * 8) % 21)) * DAY) / DAY) * DAY + (8 + ((i * 5) % 9)) * 3_600_000 + i * 61_000);
      const lasted = Math.max(r.closedAt.getTime() - r.createdAt.getTime(), 1000);
      // 1..30 hours, ending at least an hour before now (a request of yesterday afternoon is
      // at least 6 hours short of now).
      const target = Math.min((1 + ((i * 11) % 30)) * 3_600_000, now.getTime() - start.getTime() - 3_600_000);
      await moveRequest(db, r.id, r.createdAt, r.closedAt, start, target / lasted);
    }
    return finished.length;
  } finally {
    await db.destroy();
  }
}

/** The finished requests, read until they include every awaited one. */
async function finishedOnes(db: Database, awaited: string[]): Promise<Finished[]> {
  for (let i = 0; i < 120; i++) {
    const finished = await finishedRequests(db);
    const ids = new Set(finished.map((r) => r.id));
    if (awaited.every((id) => ids.has(id))) return finished;
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error('the closed demo requests did not finish within a minute; is the worker running?');
}
