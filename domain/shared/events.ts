// Lifecycle events go to the transactional outbox (IncidentEvent) in the same transaction as
// the change they describe; the analytics relay ships them to ClickHouse.
import { CompiledQuery, Kysely } from 'kysely';
import type { Prisma } from '../../generated/prisma/client';
import { sqlRows, type Database, type Db } from '../../infra/db';

export type EventType =
  | 'request.filed'
  | 'order.created'
  | 'incident.opened'
  | 'incident.resolved'
  | 'incident.closed'
  | 'order.closed'
  | 'order.failed'
  | 'request.closed'
  | 'notification.sent'
  | 'incident.assigned'
  | 'incident.state_changed'
  | 'order.cancelled'
  | 'sla.warning'
  | 'sla.breach'
  | 'comment.added'
  | 'attachment.added';

export interface EventInput {
  type: EventType;
  /** Null: the request of the incident named. */
  requestId: string | null;
  incidentId?: string | null;
  departmentId?: string | null;
  serviceId?: string | null;
  channel?: string | null;
  actorId?: string | null;
  /** Distinguishes repeatable events of one request; the key makes a retry a no-op. */
  discriminator?: string;
  /** sla.warning / sla.breach: which clock reached the level. */
  slaClock?: 'response' | 'resolution';
}

/**
 * The INSERT of one event row into the outbox, its dimensions read from the rows at hand.
 * Parameters: $1 type, $2 request id, $3 incident id, $4 department, $5 service, $6 channel,
 * $7 actor, $8 discriminator, $9 SLA clock, $10 time of the event. `incidents` names the
 * incident rows to read (a CTE of an updated row, in lifecycle.ts); `condition` limits when
 * the row is written.
 */
export function eventInsertSql(incidents = '"Incident"', condition = 'true'): string {
  const seconds = (from: string, to: string) => `greatest(0, round(extract(epoch FROM (${to} - ${from}))))::int`;
  const slaDueAt = `CASE $9::text WHEN 'response' THEN i."responseDueAt" WHEN 'resolution' THEN i."resolutionDueAt" END`;
  return `
    INSERT INTO "IncidentEvent" (id, key, type, "requestId", "incidentId", "departmentId", "serviceId", channel, "actorId",
      "clientId", priority, "assigneeId", "serviceClass", "serviceType", "problemType", "secondsSinceFiled", status,
      "closeReason", "resolutionSeconds", "slaClock", "slaDueAt", "slaTargetSeconds", "slaBreached", "occurredAt")
    SELECT gen_random_uuid(), concat_ws(':', $1::text, k.request_id, nullif($8::text, '')), $1::text, k.request_id,
      coalesce($3::uuid, r."incidentId"), coalesce($4::uuid, i."departmentId", s."departmentId"), coalesce($5::uuid, r."serviceId"),
      coalesce($6::text, r.channel::text), $7::text,
      r."clientId", coalesce(i.priority::text, r.priority::text), i."assigneeId", s."serviceClass", s."serviceType", r."problemType",
      CASE WHEN r.id IS NOT NULL THEN ${seconds('r."createdAt"', '$10::timestamptz')} END,
      coalesce(i.status::text, r.status::text), r."closeReason",
      CASE WHEN r.id IS NOT NULL AND i."resolvedAt" IS NOT NULL THEN ${seconds('r."createdAt"', 'i."resolvedAt"')} END,
      $9::text, ${slaDueAt}, CASE WHEN ${slaDueAt} IS NOT NULL THEN ${seconds('i."createdAt"', slaDueAt)} END,
      i."responseBreached" OR i."resolutionBreached", $10::timestamptz
    FROM (SELECT coalesce($2::uuid, (SELECT "requestId" FROM ${incidents} WHERE id = $3::uuid)) AS request_id) k
    LEFT JOIN "ServiceRequest" r ON r.id = k.request_id
    LEFT JOIN "Service" s ON s.id = r."serviceId"
    LEFT JOIN ${incidents} i ON i.id = coalesce($3::uuid, r."incidentId")
    WHERE ${condition}
    ON CONFLICT (key) DO NOTHING`;
}

/** The parameters $1-$10 of eventInsertSql. */
export function eventParams(e: EventInput, at: Date): unknown[] {
  return [
    e.type,
    e.requestId,
    e.incidentId ?? null,
    e.departmentId ?? null,
    e.serviceId ?? null,
    e.channel ?? null,
    e.actorId ?? null,
    e.discriminator ?? null,
    e.slaClock ?? null,
    at,
  ];
}

// Open boards hear of the change (api/liveUpdates.ts); PostgreSQL delivers it when the
// transaction commits.
const RECORD_EVENT = `WITH ev AS (${eventInsertSql('"Incident"', 'k.request_id IS NOT NULL')}) SELECT pg_notify('incident_changes', $3::text)::text AS notified WHERE $3::text IS NOT NULL`;

/**
 * Records an event in the outbox, in one statement. The dimensions analysts filter by
 * (department, service and its class and type, problem type, channel, client, priority,
 * assignee, incident status, close reason) and the timings (seconds since filing; filing to
 * resolution once resolved; for SLA events the clock, its due time and its target from the
 * incident's opening) are read from the request and incident rows in the same transaction, as
 * they are at this moment, so every caller gets them; what the caller passes wins. The key
 * (type, request, discriminator) makes a retry a no-op. Without a request id the event is of
 * the incident's request, and of none (nothing is written) when that incident does not exist.
 */
export async function recordEvent(tx: Db | Prisma.TransactionClient | Database, e: EventInput): Promise<void> {
  // TRANSITION (issue 11 item 2): Kysely transactions and Prisma ones both record events until every caller is on Kysely.
  if (tx instanceof Kysely) await tx.executeQuery(CompiledQuery.raw(RECORD_EVENT, eventParams(e, new Date())));
  else await sqlRows(tx, RECORD_EVENT, eventParams(e, new Date()));
}

// The events of a request that tell of an internal comment or file (their key ends with its id).
const INTERNAL_EVENTS = `
  SELECT e.id::text AS id FROM "IncidentEvent" e
  WHERE e."requestId" = $1::uuid AND (
    (e.type = 'comment.added' AND EXISTS (SELECT 1 FROM "Comment" c WHERE c.id::text = split_part(e.key, ':', 3) AND NOT c.public)) OR
    (e.type = 'attachment.added' AND EXISTS (SELECT 1 FROM "Attachment" a WHERE a.id::text = split_part(e.key, ':', 3) AND NOT a.public)))`;

/** Ids of the request's events that only the staff who work it may see: those of internal comments and files. */
export async function internalEventIds(db: Db, requestId: string): Promise<Set<string>> {
  return new Set((await sqlRows<{ id: string }>(db, INTERNAL_EVENTS, [requestId])).map((r) => r.id));
}
