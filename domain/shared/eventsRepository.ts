// The outbox's statements (IncidentEvent): the INSERT of one event row, written on its own or
// as a CTE of the statement that makes the change it describes (domain/lifecycle), and the
// outbox's reads for the analytics relay, its backfill and the events endpoint.
import { randomUUID } from 'node:crypto';
import { sql, type Expression } from 'kysely';
import type { Database } from '../../infra/db';

/** The values of one event row; what is null is read from the rows at hand. */
export interface OutboxEvent {
  type: string;
  /** Null: the request of the incident named. */
  requestId: string | null;
  incidentId: string | null;
  departmentId: string | null;
  serviceId: string | null;
  channel: string | null;
  actorId: string | null;
  discriminator: string | null;
  slaClock: string | null;
  score: number | null;
  /** The time of the event. */
  at: Date;
}

/**
 * When the row is written: always, only when the event's request exists, or only when the
 * incident row read exists (a CTE of a changed row: nothing changed, no event).
 */
export type EventGuard = 'always' | 'request' | 'incident';

const seconds = (from: Expression<unknown>, to: Expression<unknown>) => sql<number>`greatest(0, round(extract(epoch FROM (${to} - ${from}))))::int`;
const ref = (column: string) => sql.ref(column);

/**
 * The INSERT of one event row into the outbox, its dimensions read from the rows at hand.
 * `incidents` names the incident rows to read: the table, or a CTE of the same statement
 * holding the updated row (lifecycle's statements); `guard` limits when the row is written.
 * The key (type, request, discriminator) makes a retry a no-op.
 */
export function eventInsert(db: Database, e: OutboxEvent, incidents = 'Incident', guard: EventGuard = 'always') {
  const source = sql.table(incidents);
  const at = sql<Date>`${e.at}::timestamptz`;
  const incidentId = sql<string | null>`${e.incidentId}::uuid`;
  const slaClock = sql<string | null>`${e.slaClock}::text`;
  const slaDueAt = sql<Date | null>`CASE ${slaClock} WHEN 'response' THEN i."responseDueAt" WHEN 'resolution' THEN i."resolutionDueAt" END`;
  const requestId = sql<string | null>`coalesce(${e.requestId}::uuid, (SELECT "requestId" FROM ${source} WHERE id = ${incidentId}))`;
  const when = { always: sql<boolean>`true`, request: sql<boolean>`k.request_id IS NOT NULL`, incident: sql<boolean>`i.id IS NOT NULL` }[guard];
  const row = db
    .selectFrom(db.selectNoFrom(requestId.as('request_id')).as('k'))
    .leftJoin('ServiceRequest as r', 'r.id', 'k.request_id')
    .leftJoin('Service as s', 's.id', 'r.serviceId')
    .leftJoin(sql<{ id: string }>`${source}`.as('i'), (join) => join.on(sql<boolean>`i.id = coalesce(${incidentId}, r."incidentId")`))
    .select([
      sql<string>`${randomUUID()}::uuid`.as('id'),
      sql<string>`concat_ws(':', ${e.type}::text, k.request_id, nullif(${e.discriminator}::text, ''))`.as('key'),
      sql<string>`${e.type}::text`.as('type'),
      'k.request_id',
      sql<string | null>`coalesce(${incidentId}, r."incidentId")`.as('incidentId'),
      sql<string | null>`coalesce(${e.departmentId}::uuid, i."departmentId", s."departmentId")`.as('departmentId'),
      sql<string | null>`coalesce(${e.serviceId}::uuid, r."serviceId")`.as('serviceId'),
      sql<string | null>`coalesce(${e.channel}::text, r.channel::text)`.as('channel'),
      sql<string | null>`${e.actorId}::text`.as('actorId'),
      'r.clientId',
      sql<string | null>`coalesce(i.priority::text, r.priority::text)`.as('priority'),
      sql<string | null>`i."assigneeId"`.as('assigneeId'),
      's.serviceClass',
      's.serviceType',
      'r.problemType',
      sql<number | null>`CASE WHEN r.id IS NOT NULL THEN ${seconds(ref('r.createdAt'), at)} END`.as('secondsSinceFiled'),
      sql<string | null>`coalesce(i.status::text, r.status::text)`.as('status'),
      'r.closeReason',
      sql<number | null>`CASE WHEN r.id IS NOT NULL AND i."resolvedAt" IS NOT NULL THEN ${seconds(ref('r.createdAt'), ref('i.resolvedAt'))} END`.as(
        'resolutionSeconds',
      ),
      slaClock.as('slaClock'),
      slaDueAt.as('slaDueAt'),
      sql<number | null>`CASE WHEN ${slaDueAt} IS NOT NULL THEN ${seconds(ref('i.createdAt'), slaDueAt)} END`.as('slaTargetSeconds'),
      sql<boolean | null>`i."responseBreached" OR i."resolutionBreached"`.as('slaBreached'),
      sql<number | null>`${e.score}::int`.as('score'),
      at.as('occurredAt'),
    ])
    .where(when);
  return db
    .insertInto('IncidentEvent')
    .columns([
      'id',
      'key',
      'type',
      'requestId',
      'incidentId',
      'departmentId',
      'serviceId',
      'channel',
      'actorId',
      'clientId',
      'priority',
      'assigneeId',
      'serviceClass',
      'serviceType',
      'problemType',
      'secondsSinceFiled',
      'status',
      'closeReason',
      'resolutionSeconds',
      'slaClock',
      'slaDueAt',
      'slaTargetSeconds',
      'slaBreached',
      'score',
      'occurredAt',
    ])
    .expression(row)
    .onConflict((oc) => oc.column('key').doNothing());
}

/**
 * The event on its own, of a request that exists, in one statement; open boards hear of the
 * incident's change (api/liveUpdates.ts): PostgreSQL delivers the word when the transaction
 * commits.
 */
export function recordEventStatement(db: Database, e: OutboxEvent) {
  return db
    .with('ev', () => eventInsert(db, e, 'Incident', 'request'))
    .selectNoFrom(sql<string>`pg_notify('incident_changes', ${e.incidentId}::text)::text`.as('notified'))
    .where(sql<boolean>`${e.incidentId}::text IS NOT NULL`);
}

/** Ids of the request's events that tell of an internal comment or file (their key ends with its id). */
export async function internalEventIds(db: Database, requestId: string): Promise<string[]> {
  const item = sql<string>`split_part(e.key, ':', 3)`;
  const rows = await db
    .selectFrom('IncidentEvent as e')
    .select(sql<string>`e.id::text`.as('id'))
    .where('e.requestId', '=', requestId)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('e.type', '=', 'comment.added'),
          eb.exists(
            eb
              .selectFrom('Comment as c')
              .select(sql`1`.as('one'))
              .where(sql<boolean>`c.id::text = ${item}`)
              .where('c.public', '=', false),
          ),
        ]),
        eb.and([
          eb('e.type', '=', 'attachment.added'),
          eb.exists(
            eb
              .selectFrom('Attachment as a')
              .select(sql`1`.as('one'))
              .where(sql<boolean>`a.id::text = ${item}`)
              .where('a.public', '=', false),
          ),
        ]),
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}

/** The outbox rows not shipped yet, oldest first. */
export function pendingEvents(db: Database, limit: number) {
  return db.selectFrom('IncidentEvent').selectAll().where('shippedAt', 'is', null).orderBy('occurredAt', 'asc').orderBy('id', 'asc').limit(limit).execute();
}

/** A page of every outbox row, by id, after the given one. */
export function eventsAfter(db: Database, after: string | null, limit: number) {
  let page = db.selectFrom('IncidentEvent').selectAll().orderBy('id', 'asc').limit(limit);
  if (after) page = page.where('id', '>', after);
  return page.execute();
}

/** An outbox row as the analytics relay ships it (the bus relay's cursor columns are the bus's). */
export type OutboxRow = Omit<Awaited<ReturnType<typeof pendingEvents>>[number], 'busPublishedAt' | 'busSeq'>;

/**
 * Marks the rows shipped; `onlyPending` leaves the time of rows shipped before. The ids go as
 * one array, so the statement's text (and its prepared plan) is the same for every batch size.
 */
export async function markShipped(db: Database, ids: string[], onlyPending: boolean): Promise<void> {
  let update = db
    .updateTable('IncidentEvent')
    .set({ shippedAt: new Date() })
    .where(sql<boolean>`id = ANY(${ids}::uuid[])`);
  if (onlyPending) update = update.where('shippedAt', 'is', null);
  await update.execute();
}
