// One inbound pass over an outside system (docs/sync.md, "Cursors and outages"): its changes
// since the cursor, oldest first; our own writes coming back (echoes) skipped; each change's
// status, queue and priority translated by the mappings, or held with the reason; the cursor
// moved only by a pass that reached the side. The changes it hands back are applied to our
// requests through their workflow by the sync workflow (not built yet, docs/sync.md).
import type { Database } from '../../infra/db';
import type { RemoteTicket, SyncConnector } from './connector';
import { isEcho, toOurs, type Mapping } from './mapping';
import { cursorRow, holdRow, linkByRemote, mappingRows, markLinkSeen, saveCursorRow } from './repository';

/** A change from there in our words, ready for the request's workflow. */
export interface InboundChange {
  ticket: RemoteTicket;
  requestId: string | null;
  status: string;
  departmentCode: string;
  priority: string;
}

export interface InboundPass {
  seen: number;
  echoes: number;
  held: number;
  changes: InboundChange[];
  cursor: string | null;
}

/** One value in ours, or held (once per ticket, kind and value) with the reason. */
async function translate(db: Database, mappings: Mapping[], system: string, t: RemoteTicket, kind: 'status' | 'queue' | 'priority', value: string) {
  const r = toOurs(mappings, system, kind, value);
  if (r.ok) return r.value;
  await holdRow(db, { system, remoteId: t.remoteId, kind, value, reason: r.reason });
  return null;
}

export async function inboundPass(db: Database, connector: SyncConnector, limit = 100): Promise<InboundPass> {
  const system = connector.system;
  const cursor = (await cursorRow(db, system))?.cursor ?? null;
  let page;
  try {
    page = await connector.changesSince(cursor, limit);
  } catch (err) {
    // The side is away (SyncUnavailable: retried) or refused the poll: the cursor stays, the
    // error shows on the status page.
    await saveCursorRow(db, system, { cursor, error: err instanceof Error ? err.message.slice(0, 500) : String(err) });
    throw err;
  }
  const mappings = await mappingRows(db, system);
  const pass: InboundPass = { seen: page.tickets.length, echoes: 0, held: 0, changes: [], cursor: page.cursor };
  for (const t of page.tickets) {
    const link = await linkByRemote(db, system, t.remoteId);
    if (isEcho(t, link?.lastWritten ?? null, connector.ownLogin)) {
      pass.echoes++;
      continue;
    }
    const status = await translate(db, mappings, system, t, 'status', t.status);
    const departmentCode = await translate(db, mappings, system, t, 'queue', t.queue);
    const priority = await translate(db, mappings, system, t, 'priority', t.priority);
    if (status === null || departmentCode === null || priority === null) {
      pass.held++;
      continue;
    }
    if (link) await markLinkSeen(db, link.id, t.updatedAt);
    pass.changes.push({ ticket: t, requestId: link?.requestId ?? null, status, departmentCode, priority });
  }
  await saveCursorRow(db, system, { cursor: page.cursor, error: null });
  return pass;
}
