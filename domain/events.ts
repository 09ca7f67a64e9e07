// Lifecycle events go to the transactional outbox (IncidentEvent) in the same transaction as
// the change they describe; the analytics relay ships them to ClickHouse.
import type { Prisma } from '../generated/prisma/client';

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
  requestId: string;
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

const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

/**
 * Records an event in the outbox. The dimensions analysts filter by (department, service and its
 * class and type, problem type, channel, client, priority, assignee, incident status, close
 * reason) and the timings (seconds since filing; filing to resolution once resolved; for SLA
 * events the clock, its due time and its target from the incident's opening) are read from the
 * request and incident rows in the same transaction, as they are at this moment, so every caller
 * gets them; what the caller passes wins.
 */
export async function recordEvent(tx: Prisma.TransactionClient, e: EventInput): Promise<void> {
  const key = [e.type, e.requestId, e.discriminator].filter(Boolean).join(':');
  const request = await tx.serviceRequest.findUnique({
    where: { id: e.requestId },
    select: {
      createdAt: true,
      clientId: true,
      channel: true,
      problemType: true,
      priority: true,
      status: true,
      closeReason: true,
      incidentId: true,
      serviceId: true,
      service: { select: { serviceClass: true, serviceType: true, departmentId: true } },
    },
  });
  // Events of the request (order.closed, request.closed) still describe its incident.
  const incidentId = e.incidentId ?? request?.incidentId ?? null;
  const incident = incidentId
    ? await tx.incident.findUnique({
        where: { id: incidentId },
        select: {
          departmentId: true,
          priority: true,
          assigneeId: true,
          status: true,
          createdAt: true,
          resolvedAt: true,
          responseDueAt: true,
          resolutionDueAt: true,
          responseBreached: true,
          resolutionBreached: true,
        },
      })
    : null;
  const now = new Date();
  const slaDueAt = e.slaClock && incident ? (e.slaClock === 'response' ? incident.responseDueAt : incident.resolutionDueAt) : null;
  await tx.incidentEvent.createMany({
    data: [
      {
        key,
        type: e.type,
        requestId: e.requestId,
        incidentId,
        departmentId: e.departmentId ?? incident?.departmentId ?? request?.service.departmentId ?? null,
        serviceId: e.serviceId ?? request?.serviceId ?? null,
        channel: e.channel ?? request?.channel ?? null,
        actorId: e.actorId ?? null,
        clientId: request?.clientId ?? null,
        priority: incident?.priority ?? request?.priority ?? null,
        assigneeId: incident?.assigneeId ?? null,
        serviceClass: request?.service.serviceClass ?? null,
        serviceType: request?.service.serviceType ?? null,
        problemType: request?.problemType ?? null,
        secondsSinceFiled: request ? seconds(request.createdAt, now) : null,
        status: incident?.status ?? request?.status ?? null,
        closeReason: request?.closeReason ?? null,
        resolutionSeconds: request && incident?.resolvedAt ? seconds(request.createdAt, incident.resolvedAt) : null,
        slaClock: e.slaClock ?? null,
        slaDueAt,
        slaTargetSeconds: slaDueAt && incident ? seconds(incident.createdAt, slaDueAt) : null,
        slaBreached: incident ? incident.responseBreached || incident.resolutionBreached : null,
        occurredAt: now,
      },
    ],
    skipDuplicates: true,
  });
  // Tell open boards (api/liveUpdates.ts); PostgreSQL delivers it when the transaction commits.
  if (e.incidentId) await tx.$executeRaw`SELECT pg_notify('incident_changes', ${e.incidentId})`;
}
