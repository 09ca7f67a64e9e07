// The backfill (docs/sync.md, "Backfill"): every ticket a system has now, oldest change first,
// through the same translation and apply as the inbound workflow: a ticket not linked yet is
// filed as a request and linked; a linked one is brought up to date. Idempotent (the filing's
// key is the ticket's id, comments are carried once), so it may be run again or stopped midway.
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import type { SyncConnector } from './connector';
import { changeOf } from './inbound';
import { NotOpenYet, SyncApply, type Applied } from './apply';
import { linkByRemote, mappingRows } from './repository';

export interface BackfillResult {
  seen: number;
  filed: number;
  updated: number;
  held: number;
}

/** Tickets a page (the connector's feed, at or after its cursor). */
const PAGE = 100;
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
    for (const t of fresh) {
      done.add(t.remoteId);
      result.seen++;
      const link = await linkByRemote(db, connector.system, t.remoteId);
      const change = await changeOf(db, mappings, connector.system, t, link?.requestId ?? null, readAt);
      const outcome: Applied = change ? await applyWaiting(apply, connector, change, unavailable) : 'held';
      result[outcome]++;
    }
    cursor = page.cursor;
    log.info('sync backfill', { system: connector.system, ...result });
  }
  return result;
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
