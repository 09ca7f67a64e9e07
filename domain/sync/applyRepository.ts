// The statements the sync's workflows need beyond its own tables (docs/sync.md, "Workflows"): the
// links written, the request and incident a change lands on, comments carried once, the
// outbox read by the outbound pass on its own cursor (the event's busSeq, never the bus's or
// the analytics relay's columns).
import { randomUUID } from 'node:crypto';
import type { Database } from '../../infra/db';
import type { EventType } from '../shared/events';

/** The service a new ticket of a department is filed under: the department's first by code. */
export async function serviceOfDepartment(db: Database, departmentCode: string): Promise<string | null> {
  const row = await db
    .selectFrom('Service as s')
    .innerJoin('Department as d', 'd.id', 's.departmentId')
    .select('s.code')
    .where('d.code', '=', departmentCode)
    .orderBy('s.code')
    .limit(1)
    .executeTakeFirst();
  return row?.code ?? null;
}

/** Links a request to a ticket; a link made already (a repeat) is kept as it is. */
export async function insertLink(
  db: Database,
  l: {
    system: string;
    remoteId: string;
    requestId: string;
    lastWritten: string | null;
    lastValues: string | null;
    lastSeen: string | null;
    lastSubject: string;
  },
) {
  await db
    .insertInto('SyncLink')
    .values({ id: randomUUID(), ...l })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The request's incident as the process has written it, null before it is open. */
export function incidentOfRequest(db: Database, requestId: string) {
  return db
    .selectFrom('Incident')
    .select(['id', 'requestId', 'status', 'priority', 'assigneeId', 'title'])
    .where('requestId', '=', requestId)
    .executeTakeFirst();
}

/** The e-mail of the request's incident's assignee (the person mapping's our side), null when nobody. */
export async function assigneeEmailOfRequest(db: Database, requestId: string): Promise<string | null> {
  const row = await db
    .selectFrom('Incident as i')
    .innerJoin('Employee as e', 'e.id', 'i.assigneeId')
    .select('e.email')
    .where('i.requestId', '=', requestId)
    .executeTakeFirst();
  return row?.email ?? null;
}

/**
 * When people on our side last changed the request's status or priority, or with `types`
 * another field (the title: incident.retitled): its newest such outbox event with an actor other
 * than the sync (the process's own steps have none), the "our change time" of the
 * last-writer-wins rule.
 */
export async function ourLastChange(
  db: Database,
  requestId: string,
  types: EventType[] = ['incident.state_changed', 'incident.assigned'],
): Promise<Date | null> {
  const row = await db
    .selectFrom('IncidentEvent')
    .select((eb) => eb.fn.max('occurredAt').as('at'))
    .where('requestId', '=', requestId)
    .where('type', 'in', types)
    .where('actorId', 'is not', null)
    .where('actorId', 'not like', 'sync:%')
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : null;
}

export async function commentCarried(db: Database, system: string, remoteCommentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('SyncComment')
    .select('commentId')
    .where('system', '=', system)
    .where('remoteCommentId', '=', remoteCommentId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function remoteOfComment(db: Database, system: string, commentId: string): Promise<string | null> {
  const row = await db.selectFrom('SyncComment').select('remoteCommentId').where('system', '=', system).where('commentId', '=', commentId).executeTakeFirst();
  return row?.remoteCommentId ?? null;
}

export function recordCarriedComment(db: Database, c: { system: string; remoteId: string; remoteCommentId: string; commentId: string }) {
  return db
    .insertInto('SyncComment')
    .values(c)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export function commentById(db: Database, id: string) {
  return db.selectFrom('Comment').select(['id', 'incidentId', 'body', 'public']).where('id', '=', id).executeTakeFirst();
}

/** The newest outbox position: where a system's outbound pass starts the first time. */
export async function newestEventSeq(db: Database): Promise<string> {
  const row = await db
    .selectFrom('IncidentEvent')
    .select((eb) => eb.fn.max('busSeq').as('seq'))
    .executeTakeFirst();
  return String(row?.seq ?? 0);
}

/** Outbox events after a position, in the order they were recorded. */
export function outboxAfter(db: Database, seq: string, limit: number) {
  return db
    .selectFrom('IncidentEvent')
    .select(['busSeq', 'key', 'type', 'requestId', 'actorId', 'status', 'priority', 'occurredAt'])
    .where('busSeq', '>', seq)
    .orderBy('busSeq', 'asc')
    .limit(limit)
    .execute();
}
export type OutboxRow = Awaited<ReturnType<typeof outboxAfter>>[number];

/** What a new ticket there is made of: the request, its department's code and the client's e-mail. */
export function requestForTicket(db: Database, requestId: string) {
  return db
    .selectFrom('ServiceRequest as r')
    .innerJoin('Service as s', 's.id', 'r.serviceId')
    .innerJoin('Department as d', 'd.id', 's.departmentId')
    .innerJoin('Client as c', 'c.id', 'r.clientId')
    .select([
      'r.id',
      'r.description',
      'r.priority',
      'r.idempotencyKey',
      'r.problemType',
      'r.externalOrderId',
      's.code as serviceCode',
      'd.code as departmentCode',
      'c.email',
    ])
    .where('r.id', '=', requestId)
    .executeTakeFirst();
}
