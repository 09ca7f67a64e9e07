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
  | 'sla.breach';

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
}

export async function recordEvent(tx: Prisma.TransactionClient, e: EventInput): Promise<void> {
  const key = [e.type, e.requestId, e.discriminator].filter(Boolean).join(':');
  await tx.incidentEvent.createMany({
    data: [{
      key,
      type: e.type,
      requestId: e.requestId,
      incidentId: e.incidentId ?? null,
      departmentId: e.departmentId ?? null,
      serviceId: e.serviceId ?? null,
      channel: e.channel ?? null,
      actorId: e.actorId ?? null,
    }],
    skipDuplicates: true,
  });
}
