// Lifecycle events go to the transactional outbox (IncidentEvent) in the same transaction as
// the change they describe; the analytics relay ships them to ClickHouse.
import type { Database } from '../../infra/db';
import { internalEventIds as internalEvents, recordEventStatement, type OutboxEvent } from './eventsRepository';

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
  /** A person (or a synced system's subject edit) changed the incident's title. */
  | 'incident.retitled'
  | 'order.cancelled'
  | 'sla.warning'
  | 'sla.breach'
  | 'comment.added'
  | 'attachment.added'
  | 'survey.answered';

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
  /** survey.answered: the client's score. */
  score?: number;
}

/** The outbox row's values of an event at a time (eventsRepository.ts). */
export function outboxEvent(e: EventInput, at: Date): OutboxEvent {
  return {
    type: e.type,
    requestId: e.requestId,
    incidentId: e.incidentId ?? null,
    departmentId: e.departmentId ?? null,
    serviceId: e.serviceId ?? null,
    channel: e.channel ?? null,
    actorId: e.actorId ?? null,
    discriminator: e.discriminator ?? null,
    slaClock: e.slaClock ?? null,
    score: e.score ?? null,
    at,
  };
}

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
export async function recordEvent(tx: Database, e: EventInput): Promise<void> {
  await recordEventStatement(tx, outboxEvent(e, new Date())).execute();
}

/** Ids of the request's events that only the staff who work it may see: those of internal comments and files. */
export async function internalEventIds(db: Database, requestId: string): Promise<Set<string>> {
  return new Set(await internalEvents(db, requestId));
}
