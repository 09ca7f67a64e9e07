// The backfill (docs/sync.md, "Backfill"): every ticket a system has now, a page at a time,
// oldest change first, several tickets of a page at once (AT_ONCE), through the same translation
// and apply as the inbound workflow: a ticket not linked yet is filed as a request and linked; a
// linked one is brought up to date. Idempotent (the filing's key is the ticket's id, comments
// are carried once), so it may be run again or stopped midway.
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import type { RemoteTicket, SyncConnector } from './connector';
import { clientsByEmail } from '../clients/byEmail';
import { changeOf } from './inbound';
import { NotOpenYet, requesterEmail, SyncApply, type Applied } from './apply';
import { linkByRemote, mappingRows } from './repository';

export interface BackfillResult {
  seen: number;
  filed: number;
  updated: number;
  held: number;
}

/** Tickets a page (the connector's feed, at or after its cursor). */
const PAGE = 100;
/**
 * Tickets applied at once. Each waits on its request's process: the filing, and for a ticket done
 * there the resolve, which waits for the incident to open (route, order); the waits overlap. One
 * at a time, 1,127 RT tickets with 9 in 10 resolved went at 1.24 a second (the sync suite,
 * 2026-12-05 02:11, load average 11-13); 8 at a time gained a quarter there, the requests' own
 * work on 2 cores setting the pace, and did 3.64 a second over 1,000 in a fresh-clone CI
 * (2026-12-05 05:51, RT's raw creates 13.4 a second).
 */
const AT_ONCE = 8;
/** A request just filed opens its incident within seconds; its comments wait that long at most. */
const OPEN_WAIT_MS = 60_000;

/**
 * `unavailable` tells a call to our process that did not answer in time (the caller knows its
 * client's errors: api/unavailable.ts): retried like an incident not open yet, as applying is
 * idempotent. Temporal answered an update after 8.7 s on a loaded machine (2026-12-03), past the
 * client's 10 s deadline with the retries of a busy history service.
 */
export async function backfill(db: Database, connector: SyncConnector, apply: SyncApply, unavailable: (error: unknown) => boolean): Promise<BackfillResult> {
  const result: BackfillResult = { seen: 0, filed: 0, updated: 0, held: 0 };
  const mappings = await mappingRows(db, connector.system);
  const done = new Set<string>();
  let cursor: string | null = null;
  for (;;) {
    const readAt = new Date().toISOString();
    const page = await connector.changesSince(cursor, PAGE);
    // At-or-after: the cursor's own second comes again; a page of nothing new is the end.
    const fresh = page.tickets.filter((t) => !done.has(t.remoteId));
    if (fresh.length === 0) break;
    for (const t of fresh) done.add(t.remoteId);
    result.seen += fresh.length;
    const one = async (t: RemoteTicket) => {
      const link = await linkByRemote(db, connector.system, t.remoteId);
      const change = await changeOf(db, mappings, connector.system, t, link?.requestId ?? null, readAt);
      const outcome: Applied = change ? await applyWaiting(apply, connector, change, unavailable) : 'held';
      result[outcome]++;
    };
    await atOnce(await byRequester(db, connector.system, fresh, one), AT_ONCE);
    cursor = page.cursor;
    log.info('sync backfill', { system: connector.system, ...result });
  }
  return result;
}

/**
 * The page's tickets as tasks that may run at once: each ticket alone, but the tickets of a
 * requester who is no client of ours yet one after another, so the first makes the client and the
 * rest find it (two at once would make two clients with one address, and every later ticket of
 * theirs would be held for an admin to pick one).
 */
async function byRequester(db: Database, system: string, tickets: RemoteTicket[], one: (t: RemoteTicket) => Promise<void>) {
  const groups = new Map<string, RemoteTicket[]>();
  for (const t of tickets) {
    const email = requesterEmail(system, t.requester);
    groups.set(email, [...(groups.get(email) ?? []), t]);
  }
  const tasks: (() => Promise<void>)[] = [];
  for (const [email, group] of groups) {
    if ((await clientsByEmail(db, email)).length > 0) tasks.push(...group.map((t) => () => one(t)));
    else
      tasks.push(async () => {
        for (const t of group) await one(t);
      });
  }
  return tasks;
}

/** Runs the tasks, `lanes` at a time; after a failure no task starts, and the first failure is thrown once all lanes stop. */
async function atOnce(tasks: (() => Promise<void>)[], lanes: number): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < tasks.length) {
      const task = tasks[next++]!;
      await task().catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  const ends = await Promise.allSettled(Array.from({ length: lanes }, lane));
  const failure = ends.find((e): e is PromiseRejectedResult => e.status === 'rejected');
  if (failure) throw failure.reason;
}

async function applyWaiting(
  apply: SyncApply,
  connector: SyncConnector,
  change: NonNullable<Awaited<ReturnType<typeof changeOf>>>,
  unavailable: (error: unknown) => boolean,
): Promise<Applied> {
  const until = Date.now() + OPEN_WAIT_MS;
  for (;;) {
    try {
      return await apply.apply(connector, change);
    } catch (error) {
      const waiting = error instanceof NotOpenYet || unavailable(error);
      if (!waiting || Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
