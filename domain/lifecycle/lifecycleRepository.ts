// The statements of the process's steps (lifecycle.ts): the hot writes, each with its outbox
// event in the same statement (one round trip: docs/performance.md), and what the steps and
// their messages read.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import type { IncidentStatus, Priority } from '../../generated/kysely/enums';
import { eventInsert, type OutboxEvent } from '../shared/eventsRepository';
import { searchVector } from '../incidents/searchRepository';

export async function requestExists(db: Database, requestId: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('ServiceRequest')
      .select(sql<number>`1`.as('known'))
      .where('id', '=', requestId)
      .executeTakeFirst()) !== undefined
  );
}

/** The request keeps its order and the event is recorded, in one statement. */
export async function recordOrder(db: Database, requestId: string, orderId: string, event: OutboxEvent): Promise<void> {
  await db
    .with('u', (qc) => qc.updateTable('ServiceRequest').set({ externalOrderId: orderId, updatedAt: event.at }).where('id', '=', requestId))
    .with('ev', () => eventInsert(db, event))
    .selectNoFrom(sql<number>`1`.as('recorded'))
    .execute();
}

export interface NewIncident {
  id: string;
  requestId: string;
  departmentId: string;
  orderId: string;
  priority: Priority;
  responseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

/**
 * The incident (its id made by the caller) with its search documents (staff and public: the
 * same until the first comment), the request in progress and the event, in one statement; a
 * retried attempt finds the request's incident and changes nothing. `created` is the incident
 * made now, `existing` the request's incident, `request` null when there is no such request.
 */
export async function openIncident(db: Database, incident: NewIncident, event: OutboxEvent) {
  const document = sql<string>`concat_ws(' ', ${sql.ref('req.title')}, ${sql.ref('req.description')})`;
  const vector = searchVector(document);
  return db
    .withTables<{ Incident: { searchVector: string | null; publicSearchVector: string | null } }>()
    .with('req', (qc) =>
      qc
        .selectFrom('ServiceRequest as r')
        .innerJoin('Service as s', 's.id', 'r.serviceId')
        .select(['r.id', 'r.serviceId', 'r.description', sql<string>`s.name || ': ' || left(r.description, 120)`.as('title')])
        .where('r.id', '=', incident.requestId),
    )
    .with('ins', (qc) =>
      qc
        .insertInto('Incident')
        .columns([
          'id',
          'requestId',
          'title',
          'departmentId',
          'serviceId',
          'orderId',
          'priority',
          'responseDueAt',
          'resolutionDueAt',
          'updatedAt',
          'searchText',
          'searchVector',
          'publicSearchText',
          'publicSearchVector',
        ])
        .expression(
          qc
            .selectFrom('req')
            .select([
              sql<string>`${incident.id}::uuid`.as('id'),
              'req.id as requestId',
              'req.title',
              sql<string>`${incident.departmentId}::uuid`.as('departmentId'),
              'req.serviceId',
              sql<string>`${incident.orderId}::text`.as('orderId'),
              sql<Priority>`${incident.priority}::text::"Priority"`.as('priority'),
              sql<Date | null>`${incident.responseDueAt}::timestamptz`.as('responseDueAt'),
              sql<Date | null>`${incident.resolutionDueAt}::timestamptz`.as('resolutionDueAt'),
              sql<Date>`${event.at}::timestamptz`.as('updatedAt'),
              document.as('searchText'),
              vector.as('searchVector'),
              document.as('publicSearchText'),
              vector.as('publicSearchVector'),
            ]),
        )
        .onConflict((oc) => oc.column('requestId').doNothing())
        .returningAll(),
    )
    .with('u', (qc) =>
      qc
        .updateTable('ServiceRequest as r')
        .from('ins')
        .set((eb) => ({ status: 'IN_PROGRESS', incidentId: eb.ref('ins.id'), updatedAt: event.at }))
        .whereRef('r.id', '=', 'ins.requestId'),
    )
    .with('ev', () => eventInsert(db, event, 'ins', 'incident'))
    .selectNoFrom((eb) => [
      eb.selectFrom('ins').select('ins.id').as('created'),
      eb.selectFrom('Incident').select('Incident.id').where('Incident.requestId', '=', incident.requestId).as('existing'),
      eb.selectFrom('req').select('req.id').as('request'),
    ])
    .executeTakeFirstOrThrow();
}

/** One state change the workflow applied: its timeline row and the incident's fields after it. */
export interface TransitionRow {
  key: string;
  incidentId: string;
  action: string;
  from: IncidentStatus;
  to: IncidentStatus;
  actorId: string | null;
  detail: Record<string, unknown>;
  priority: Priority;
  assigneeId: string | null;
  responseDueAt: Date | null;
  resolutionDueAt: Date | null;
  resolvedAt: Date | null;
  reopenCount: number;
}

/** What a change sets beyond the workflow's fields. */
export interface TransitionEffects {
  /** The incident's first response is now (null: it stays as it is). */
  firstResponseAt: Date | null;
  /** Whether this change resolves the incident (its resolver is the actor). */
  resolves: boolean;
  /** The resolution's comment (null: it stays as it is). */
  resolution: string | null;
  /** The request's assignee from now (null: it stays as it is). */
  requestAssigneeId: string | null;
  /** A cancel that merges: the survivor, written with the status (null: the link stays as it is). */
  mergedIntoId?: string | null;
}

/**
 * One state change the workflow applied: the timeline row, the incident's fields and the
 * request's assignee, the event and the word to open boards, in one statement. A retried
 * attempt finds its key taken and changes nothing. The event's request and department come
 * from the updated row.
 */
export async function recordTransition(db: Database, t: TransitionRow, effects: TransitionEffects, event: OutboxEvent): Promise<void> {
  await db
    .with('t', (qc) =>
      qc
        .insertInto('IncidentTransition')
        .values({
          id: randomUUID(),
          key: t.key,
          incidentId: t.incidentId,
          action: t.action,
          fromStatus: t.from,
          toStatus: t.to,
          actorId: t.actorId,
          detail: JSON.stringify(t.detail),
          createdAt: event.at,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('incidentId'),
    )
    .with('i', (qc) =>
      qc
        .updateTable('Incident as x')
        .from('t')
        .set({
          status: t.to,
          priority: t.priority,
          assigneeId: t.assigneeId,
          responseDueAt: t.responseDueAt,
          resolutionDueAt: t.resolutionDueAt,
          resolvedAt: t.resolvedAt,
          reopenCount: t.reopenCount,
          firstResponseAt: sql<Date | null>`coalesce(${effects.firstResponseAt}::timestamptz, x."firstResponseAt")`,
          resolvedById: sql<string | null>`CASE WHEN ${effects.resolves}::boolean THEN ${t.actorId}::text ELSE x."resolvedById" END`,
          resolution: sql<string | null>`coalesce(${effects.resolution}::text, x.resolution)`,
          mergedIntoId: sql<string | null>`coalesce(${effects.mergedIntoId ?? null}::uuid, x."mergedIntoId")`,
          updatedAt: event.at,
        })
        .whereRef('x.id', '=', 't.incidentId')
        .returningAll('x'),
    )
    .with('assignee', (qc) =>
      qc
        .updateTable('ServiceRequest as sr')
        .from('i')
        .set({ assigneeId: effects.requestAssigneeId, updatedAt: event.at })
        .where(sql<boolean>`${effects.requestAssigneeId}::text IS NOT NULL`)
        .whereRef('sr.id', '=', 'i.requestId'),
    )
    .with('ev', () => eventInsert(db, event, 'i', 'incident'))
    .selectFrom('i')
    .select(sql<string>`pg_notify('incident_changes', i.id::text)::text`.as('notified'))
    .execute();
}

/** Closes the request unless it is closed: whether this closed it. */
export async function markRequestClosed(db: Database, requestId: string, reason: string): Promise<boolean> {
  const now = new Date();
  const done = await db
    .updateTable('ServiceRequest')
    .set({ status: 'CLOSED', closeReason: reason, closedAt: now, updatedAt: now })
    .where('id', '=', requestId)
    .where('status', '!=', 'CLOSED')
    .executeTakeFirst();
  return done.numUpdatedRows > 0n;
}

/** How the client of a request is reached (preferences.ts reads the choice from these). */
const CLIENT_CONTACT = [
  'c.email as clientEmail',
  'c.phone as clientPhone',
  'c.locale as clientLocale',
  'tc.chatId as clientTelegramChat',
  'c.notifyChannels as clientChannels',
  'c.quietHoursStart as clientQuietStart',
  'c.quietHoursEnd as clientQuietEnd',
  'c.timezone as clientTimezone',
] as const;

/** How an employee is reached. */
const EMPLOYEE_CONTACT = ['id', 'email', 'phone', 'locale', 'timezone', 'notifyChannels', 'quietHoursStart', 'quietHoursEnd'] as const;

/** The request with what closing and its messages need of its service and client. */
export function requestAbout(db: Database, requestId: string) {
  return db
    .selectFrom('ServiceRequest as r')
    .innerJoin('Service as s', 's.id', 'r.serviceId')
    .innerJoin('Client as c', 'c.id', 'r.clientId')
    .leftJoin('TelegramChat as tc', 'tc.clientId', 'c.id')
    .select([
      'r.id',
      'r.status',
      'r.serviceId',
      'r.channel',
      'r.incidentId',
      'r.externalOrderId',
      'r.createdById',
      'r.closeReason',
      's.departmentId as serviceDepartmentId',
      's.name as serviceName',
      ...CLIENT_CONTACT,
    ])
    .where('r.id', '=', requestId)
    .executeTakeFirst();
}

/** The incident with what its events name (its request's channel). */
export function incidentForEvent(db: Database, incidentId: string) {
  return db
    .selectFrom('Incident as i')
    .innerJoin('ServiceRequest as r', 'r.id', 'i.requestId')
    .innerJoin('Department as d', 'd.id', 'i.departmentId')
    .select(['i.id', 'i.requestId', 'i.departmentId', 'i.serviceId', 'i.title', 'i.closedAt', 'r.channel', 'd.code as departmentCode'])
    .where('i.id', '=', incidentId)
    .executeTakeFirst();
}

export type SlaFlag = 'responseWarned' | 'responseBreached' | 'resolutionWarned' | 'resolutionBreached';

/** Sets the incident's SLA flag unless set: whether this set it. */
export async function raiseSlaFlag(db: Database, incidentId: string, flag: SlaFlag): Promise<boolean> {
  const done = await db
    .updateTable('Incident')
    .set({ [flag]: true, updatedAt: new Date() })
    .where('id', '=', incidentId)
    .where(flag, '=', false)
    .executeTakeFirst();
  return done.numUpdatedRows > 0n;
}

/** Marks the request's incident unlinked: the incident with what its events name, none if the request has no incident. */
export function unlinkIncident(db: Database, requestId: string) {
  return db
    .updateTable('Incident as i')
    .from('ServiceRequest as r')
    .set({ unlinked: true, updatedAt: new Date() })
    .where('i.requestId', '=', requestId)
    .whereRef('r.id', '=', 'i.requestId')
    .returning(['i.id', 'i.requestId', 'i.departmentId', 'i.serviceId', 'r.channel'])
    .executeTakeFirst();
}

export async function closeIncidentRow(db: Database, incidentId: string): Promise<void> {
  const now = new Date();
  // A cancelled incident ends CANCELLED; every other one CLOSED.
  await db
    .updateTable('Incident')
    .set({ status: sql<IncidentStatus>`(CASE WHEN status = 'CANCELLED' THEN 'CANCELLED' ELSE 'CLOSED' END)::"IncidentStatus"`, closedAt: now, updatedAt: now })
    .where('id', '=', incidentId)
    .execute();
}

/** The incident's reference, title and client, for a message about it. */
export function incidentAbout(db: Database, incidentId: string) {
  return db
    .selectFrom('Incident as i')
    .innerJoin('ServiceRequest as r', 'r.id', 'i.requestId')
    .innerJoin('Client as c', 'c.id', 'r.clientId')
    .leftJoin('TelegramChat as tc', 'tc.clientId', 'c.id')
    .leftJoin('Incident as m', 'm.id', 'i.mergedIntoId')
    .select(['i.requestId', 'i.title', 'i.departmentId', 'm.requestId as mergedIntoRequestId', ...CLIENT_CONTACT])
    .where('i.id', '=', incidentId)
    .executeTakeFirst();
}

/** How many transitions the incident has had (of one action, when given). */
export async function transitionCount(db: Database, incidentId: string, action?: string): Promise<number> {
  let query = db
    .selectFrom('IncidentTransition')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('incidentId', '=', incidentId);
  if (action !== undefined) query = query.where('action', '=', action);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Where and how an employee is reached, and their manager. */
export function employeeContact(db: Database, employeeId: string) {
  return db
    .selectFrom('Employee')
    .select([...EMPLOYEE_CONTACT, 'managerId'])
    .where('id', '=', employeeId)
    .executeTakeFirst();
}

/** The department's active supervisors. */
export function departmentSupervisors(db: Database, departmentId: string) {
  return db
    .selectFrom('Employee')
    .select(EMPLOYEE_CONTACT)
    .where('departmentId', '=', departmentId)
    .where(sql<boolean>`'supervisor' = ANY(roles)`)
    .where('active', '=', true)
    .execute();
}
