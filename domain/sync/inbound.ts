// One inbound pass over an outside system (docs/sync.md, "Cursors and outages"): its changes
// since the cursor, oldest first; our own writes coming back (echoes) skipped; each change's
// status, queue and priority translated by the mappings, or held with the reason; the cursor
// moved only after the changes it hands back are applied to our requests (apply.ts, by the
// inbound workflow, workflows/sync/): commitCursor is the pass's last step.
import type { Database } from '../../infra/db';
import type { RemoteTicket, SyncConnector } from './connector';
import { isEcho, toOurs, type Mapping } from './mapping';
import { cursorRow, holdRow, linkByRemote, mappingRows, mappedHeldRows, markHeldRetried, saveCursorRow } from './repository';

/** A change from there in our words, ready for the request's workflow. */
export interface InboundChange {
  ticket: RemoteTicket;
  requestId: string | null;
  status: string;
  departmentCode: string;
  priority: string;
  /**
   * The assignee there as our employee's e-mail (the person mapping); null: nobody there (ours is
   * left: our process has no unassignment); absent: their login has no mapping and is held.
   */
  assignee?: string | null;
  /** When the ticket was read there (ISO): a read after the version's second is over is final (apply.ts). */
  readAt: string;
}

export interface InboundPass {
  seen: number;
  echoes: number;
  /** Seen again at the version already applied for good (at the cursor's own second, every pass). */
  unchanged: number;
  held: number;
  changes: InboundChange[];
  cursor: string | null;
  /** Held rows whose tickets were taken again now that their values are mapped (marked at commit). */
  retried: string[];
}

/** One value in ours, or held (once per ticket, kind and value) with the reason. */
async function translate(db: Database, mappings: Mapping[], system: string, t: RemoteTicket, kind: 'status' | 'queue' | 'priority', value: string) {
  const r = toOurs(mappings, system, kind, value);
  if (r.ok) return r.value;
  await holdRow(db, { system, remoteId: t.remoteId, kind, value, reason: r.reason });
  return null;
}

/** A ticket in our words, or null when a value of it is held for a mapping. */
export async function changeOf(
  db: Database,
  mappings: Mapping[],
  system: string,
  t: RemoteTicket,
  requestId: string | null,
  readAt: string,
): Promise<InboundChange | null> {
  const status = await translate(db, mappings, system, t, 'status', t.status);
  const departmentCode = await translate(db, mappings, system, t, 'queue', t.queue);
  const priority = await translate(db, mappings, system, t, 'priority', t.priority);
  if (status === null || departmentCode === null || priority === null) return null;
  const assignee = await assigneeOf(db, mappings, system, t);
  return { ticket: t, requestId, status, departmentCode, priority, readAt, ...(assignee !== undefined && { assignee }) };
}

/**
 * The ticket's assignee in ours. A login with no person mapping is held (kind `person`, value the
 * login) while the rest of the ticket goes on: setting the mapping takes the ticket again
 * (mappedHeldRows) and assigns it then, so nothing is lost.
 */
async function assigneeOf(db: Database, mappings: Mapping[], system: string, t: RemoteTicket): Promise<string | null | undefined> {
  if (t.assignee === null) return null;
  const r = toOurs(mappings, system, 'person', t.assignee);
  if (r.ok) return r.value;
  await holdRow(db, { system, remoteId: t.remoteId, kind: 'person', value: t.assignee, reason: `${r.reason}: the ticket's assignee waits for it` });
  return undefined;
}

export async function inboundPass(db: Database, connector: SyncConnector, limit = 100): Promise<InboundPass> {
  const system = connector.system;
  const cursor = (await cursorRow(db, system))?.cursor ?? null;
  // The first pass starts now, as the outbound's starts at the newest event: the tickets there
  // before the sync began are the backfill's. Polled from the start, a system's whole history
  // would be filed here by the first passes (thousands of tickets of earlier test runs on one
  // profile, 100 a pass).
  if (cursor === null) return { seen: 0, echoes: 0, unchanged: 0, held: 0, changes: [], cursor: new Date().toISOString(), retried: [] };
  const readAt = new Date().toISOString();
  let page;
  try {
    page = await connector.changesSince(cursor, limit);
  } catch (err) {
    // The side is away (SyncUnavailable: retried) or refused the poll: the cursor stays, the
    // error shows on the status page.
    await recordSyncError(db, system, err);
    throw err;
  }
  const mappings = await mappingRows(db, system);
  const pass: InboundPass = { seen: page.tickets.length, echoes: 0, unchanged: 0, held: 0, changes: [], cursor: page.cursor, retried: [] };
  // A ticket held for a mapping an admin has set since: the poll has passed it, so it is read again.
  const tickets = page.tickets.map((ticket) => ({ ticket, readAt, retried: false }));
  for (const h of await mappedHeldRows(db, system, limit)) {
    pass.retried.push(h.id);
    const polled = tickets.find((x) => x.ticket.remoteId === h.remoteId);
    if (polled) {
      polled.retried = true;
      continue;
    }
    const at = new Date().toISOString();
    const t = await connector.getTicket(h.remoteId);
    if (t) tickets.push({ ticket: t, readAt: at, retried: true });
  }
  for (const { ticket: t, readAt: at, retried } of tickets) {
    const link = await linkByRemote(db, system, t.remoteId);
    if (isEcho(t, link ?? null, connector.ownLogin)) {
      pass.echoes++;
      continue;
    }
    // The poll takes the cursor's own second again on every pass; a version applied for good
    // (read after its second was over) is not applied again. A held ticket taken again is.
    if (!retried && link?.lastSeen === t.updatedAt) {
      pass.unchanged++;
      continue;
    }
    const change = await changeOf(db, mappings, system, t, link?.requestId ?? null, at);
    if (change) pass.changes.push(change);
    else pass.held++;
  }
  return pass;
}

/** After every change of a pass is applied: the cursor moves on, the error clears, the lag restarts. */
export async function commitCursor(db: Database, system: string, cursor: string | null, retried: string[] = []): Promise<void> {
  await markHeldRetried(db, retried);
  await saveCursorRow(db, system, { cursor, error: null });
}

/** Records a failure of the side on the status page; the cursor stays where it was. */
export async function recordSyncError(db: Database, system: string, error: unknown): Promise<void> {
  const cursor = (await cursorRow(db, system))?.cursor ?? null;
  await saveCursorRow(db, system, { cursor, error: error instanceof Error ? error.message.slice(0, 500) : String(error) });
}
