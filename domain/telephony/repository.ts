// The telephony statements: a call by its PBX id (locked for the event being applied), its raw
// events, the operator of an extension, the caller's earlier calls, callback tasks, held calls.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import { callbackVisible, callVisible } from '../access/repository';
import type { Actor } from '../access/identity';

const COLUMNS = [
  'k.id',
  'k.source',
  'k.pbxCallId',
  'k.callerNumber',
  'k.calledNumber',
  'k.extension',
  'k.state',
  'k.startedAt',
  'k.answeredAt',
  'k.endedAt',
  'k.operatorId',
  'k.recordingUrl',
  'k.clientId',
  'k.requestId',
  'k.heldReason',
  'k.callbackDepartmentId',
  'k.callbackDoneAt',
] as const;

const calls = (db: Database) => db.selectFrom('Call as k').select(COLUMNS);

/** A call as every reader selects it. */
export type CallRow = Awaited<ReturnType<ReturnType<typeof calls>['executeTakeFirstOrThrow']>>;
/** What an event may change on a call (callEvents.ts, applyEvent). */
export type CallChange = Partial<
  Pick<CallRow, 'state' | 'extension' | 'operatorId' | 'answeredAt' | 'endedAt' | 'recordingUrl' | 'heldReason' | 'callbackDepartmentId'>
>;

/** The call with this PBX id, locked until the transaction ends (events of one call apply one at a time). */
export const callForUpdate = (db: Database, source: string, pbxCallId: string): Promise<CallRow | undefined> =>
  calls(db).where('k.source', '=', source).where('k.pbxCallId', '=', pbxCallId).forUpdate().executeTakeFirst();

/** Inserts the call when its first event arrives; a concurrent first insert wins and this one does nothing. */
export async function insertCall(
  db: Database,
  c: { source: string; pbxCallId: string; callerNumber: string; calledNumber: string; startedAt: Date; clientId: string | null; heldReason: string | null },
): Promise<void> {
  await db
    .insertInto('Call')
    .values({ id: randomUUID(), ...c, updatedAt: new Date() })
    .onConflict((oc) => oc.columns(['source', 'pbxCallId']).doNothing())
    .execute();
}

/** Keeps the raw event; false when this call already had this event (a replay). */
export async function insertCallEvent(db: Database, callId: string, kind: string, raw: unknown): Promise<boolean> {
  const row = await db
    .insertInto('CallEvent')
    .values({ id: randomUUID(), callId, kind, raw: JSON.stringify(raw) })
    .onConflict((oc) => oc.columns(['callId', 'kind']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Writes the change and tells the app instances' live streams (NOTIFY call_changes "<operator> <call>") at commit. */
export async function updateCall(db: Database, id: string, change: CallChange): Promise<CallRow> {
  const row = await db
    .updateTable('Call as k')
    .set({ ...change, updatedAt: new Date() })
    .where('k.id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  if (row.operatorId) await db.selectNoFrom(sql<string>`pg_notify('call_changes', ${`${row.operatorId} ${row.id}`}::text)::text`.as('notified')).execute();
  return row;
}

/** The active operator whose extension this is, with their department. */
export const operatorOf = (db: Database, extension: string) =>
  db.selectFrom('Employee').select(['id', 'departmentId']).where('extension', '=', extension).where('active', '=', true).executeTakeFirst();

/** One call the person may see (their own; admins all). */
export const callSeen = (db: Database, actor: Actor, id: string): Promise<CallRow | undefined> =>
  calls(db).where('k.id', '=', id).where(callVisible(actor)).executeTakeFirst();

/** Earlier calls from this number, newest first. */
export const callsFrom = (db: Database, callerNumber: string, before: Date, limit: number): Promise<CallRow[]> =>
  calls(db).where('k.callerNumber', '=', callerNumber).where('k.startedAt', '<', before).orderBy('k.startedAt', 'desc').limit(limit).execute();

/** Open callback tasks (missed calls nobody called back) of the departments the person works for, oldest first. */
export const openCallbacks = (db: Database, actor: Actor, limit: number): Promise<CallRow[]> =>
  calls(db)
    .where('k.state', '=', 'MISSED')
    .where('k.callbackDoneAt', 'is', null)
    .where('k.callbackDepartmentId', 'is not', null)
    .where(callbackVisible(actor))
    .orderBy('k.startedAt', 'asc')
    .limit(limit)
    .execute();

/** Marks a callback task done, if the person may see it and it is open; the row, or undefined. */
export const markCallbackDone = (db: Database, actor: Actor, id: string): Promise<CallRow | undefined> =>
  db
    .updateTable('Call as k')
    .set({ callbackDoneAt: new Date(), callbackDoneById: actor.id, updatedAt: new Date() })
    .where('k.id', '=', id)
    .where('k.state', '=', 'MISSED')
    .where('k.callbackDepartmentId', 'is not', null)
    .where(callbackVisible(actor))
    .returning(COLUMNS)
    .executeTakeFirst();

/** Calls held for an admin, newest first. */
export const heldCalls = (db: Database, limit: number): Promise<CallRow[]> =>
  calls(db).where('k.heldReason', 'is not', null).orderBy('k.startedAt', 'desc').limit(limit).execute();

/** Links the call to the request filed from its card (and the client the request is for). */
export const linkCall = (db: Database, id: string, requestId: string) =>
  db
    .updateTable('Call as k')
    .set((eb) => ({ requestId, clientId: eb.selectFrom('ServiceRequest').select('clientId').where('id', '=', requestId), updatedAt: new Date() }))
    .where('k.id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();

/** The name of an SLA contract. */
export const contractName = (db: Database, id: string) => db.selectFrom('SlaContract').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
