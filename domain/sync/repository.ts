// Every statement of the sync (docs/sync.md): mappings, held values, cursors and links.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../infra/db';

export function mappingRows(db: Database, system?: string, kind?: string) {
  let q = db.selectFrom('SyncMapping').select(['id', 'system', 'kind', 'remote', 'local', 'updatedAt']);
  if (system) q = q.where('system', '=', system);
  if (kind) q = q.where('kind', '=', kind);
  return q.orderBy('system').orderBy('kind').orderBy('remote').execute();
}

/** One mapping per system, kind and remote value: a second put changes the first. */
export async function putMappingRow(db: Database, m: { system: string; kind: string; remote: string; local: string }) {
  return db
    .insertInto('SyncMapping')
    .values({ id: randomUUID(), ...m })
    .onConflict((oc) => oc.columns(['system', 'kind', 'remote']).doUpdateSet({ local: m.local, updatedAt: sql`now()` }))
    .returning(['id', 'system', 'kind', 'remote', 'local', 'updatedAt'])
    .executeTakeFirstOrThrow();
}

export async function deleteMappingRow(db: Database, id: string): Promise<boolean> {
  const r = await db.deleteFrom('SyncMapping').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Held values of a system and kind that now have a mapping are resolved. */
export function resolveHeldRows(db: Database, m: { system: string; kind: string; remote: string }) {
  return db
    .updateTable('SyncHeld')
    .set({ resolvedAt: sql`now()` })
    .where('system', '=', m.system)
    .where('kind', '=', m.kind)
    .where('value', '=', m.remote)
    .where('resolvedAt', 'is', null)
    .execute();
}

/** Holds a value once per ticket, kind and value; seen again, its reason is refreshed. */
export function holdRow(db: Database, h: { system: string; remoteId: string; kind: string; value: string; reason: string }) {
  return db
    .insertInto('SyncHeld')
    .values({ id: randomUUID(), ...h })
    .onConflict((oc) => oc.columns(['system', 'remoteId', 'kind', 'value']).doUpdateSet({ reason: h.reason, resolvedAt: null, retriedAt: null }))
    .execute();
}

export function heldRows(db: Database, limit: number) {
  return db
    .selectFrom('SyncHeld')
    .select(['id', 'system', 'remoteId', 'kind', 'value', 'reason', 'createdAt'])
    .where('resolvedAt', 'is', null)
    .orderBy('createdAt', 'desc')
    .limit(limit)
    .execute();
}

/** Per system: its cursor and last pass, links and open held values (the status page). */
export async function statusRows(db: Database) {
  const cursors = await db.selectFrom('SyncCursor').selectAll().execute();
  const links = await db
    .selectFrom('SyncLink')
    .select(['system', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('system')
    .execute();
  const held = await db
    .selectFrom('SyncHeld')
    .select(['system', (eb) => eb.fn.countAll<string>().as('n')])
    .where('resolvedAt', 'is', null)
    .groupBy('system')
    .execute();
  return { cursors, links, held };
}

export function cursorRow(db: Database, system: string) {
  return db.selectFrom('SyncCursor').selectAll().where('system', '=', system).executeTakeFirst();
}

/** A pass's end: a good one moves the cursor and clears the error; a failed one keeps the cursor. */
export function saveCursorRow(db: Database, system: string, pass: { cursor: string | null; error: string | null }) {
  const ok = pass.error === null;
  return db
    .insertInto('SyncCursor')
    .values({ system, cursor: pass.cursor, lastRunAt: sql`now()`, lastOkAt: ok ? sql`now()` : null, lastError: pass.error })
    .onConflict((oc) =>
      oc
        .column('system')
        .doUpdateSet(
          ok ? { cursor: pass.cursor, lastRunAt: sql`now()`, lastOkAt: sql`now()`, lastError: null } : { lastRunAt: sql`now()`, lastError: pass.error },
        ),
    )
    .execute();
}

/** A link by the ticket's id there or by our request's id (each unique per system). */
function linkBy(db: Database, system: string, by: 'remoteId' | 'requestId', value: string) {
  return db
    .selectFrom('SyncLink')
    .select(['id', 'remoteId', 'requestId', 'lastWritten', 'lastValues', 'lastSeen', 'lastSubject', 'createdAt'])
    .where('system', '=', system)
    .where(by, '=', value)
    .executeTakeFirst();
}

export const linkByRemote = (db: Database, system: string, remoteId: string) => linkBy(db, system, 'remoteId', remoteId);
export const linkByRequest = (db: Database, system: string, requestId: string) => linkBy(db, system, 'requestId', requestId);

/**
 * The ticket of a link is gone and its id now names another ticket (apply.ts, reusedId): the
 * link keeps our request but no longer the id, so the new ticket is filed as new. "gone-" makes
 * it an id no system answers (Redmine reads "9-x" as 9, never "gone-9-x"); our later changes to
 * that request are held with the 404, as for any deleted ticket.
 */
export async function retireLink(db: Database, link: { id: string; remoteId: string }): Promise<void> {
  await db
    .updateTable('SyncLink')
    .set({ remoteId: `gone-${link.remoteId}-${link.id.slice(0, 8)}`, updatedAt: sql`now()` })
    .where('id', '=', link.id)
    .execute();
}

/**
 * What the sync last knew of a linked ticket, the fields given:
 * - lastSeen: the version of theirs last applied here;
 * - lastWritten and lastValues: the version after our write and what we wrote, so its change
 *   coming back is an echo (mapping.ts isEcho); lastSeen stays, since a person's change in our
 *   write's second has this version too and is applied;
 * - lastSubject: the subject as the sync last saw or wrote it (apply.ts and outbound.ts retitle).
 */
export function markLink(db: Database, id: string, known: { lastSeen?: string; lastWritten?: string; lastValues?: string; lastSubject?: string }) {
  return db
    .updateTable('SyncLink')
    .set({ ...known, updatedAt: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Tickets whose held values have been mapped since and not taken again yet (ids of the rows). */
export function mappedHeldRows(db: Database, system: string, limit: number) {
  return db
    .selectFrom('SyncHeld')
    .select(['id', 'remoteId'])
    .where('system', '=', system)
    .where('kind', 'in', ['status', 'queue', 'priority', 'tracker'])
    .where('resolvedAt', 'is not', null)
    .where('retriedAt', 'is', null)
    .orderBy('resolvedAt')
    .limit(limit)
    .execute();
}

export async function markHeldRetried(db: Database, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('SyncHeld')
    .set({ retriedAt: sql`now()` })
    .where('id', 'in', ids)
    .execute();
}
