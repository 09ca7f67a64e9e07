// Publishes lifecycle events from the outbox (IncidentEvent) to the events exchange, routing
// key = event type, with publisher confirms: an event is marked published only once the broker
// confirmed it, so a broker outage loses none (they wait in the outbox and go out, in order,
// after the reconnection). At-least-once: a batch cut off before its confirms is sent again,
// with the same message_id (the event key), by which consumers drop the repeat.
import type { ConfirmChannel } from 'amqplib';
import type { Database } from '../../infra/db';
import { EVENT_SCHEMA, type EventMessage } from './messages';
import { markPublished, unpublishedEvents, type UnpublishedEvent } from './busRepository';
import { externalRefSubject } from './normaliser';

/** Events per batch: one wait for the broker's confirms each. */
export const BUS_BATCH = 500;

const iso = (d: Date | null) => d?.toISOString() ?? null;
const refPrefix = externalRefSubject('');

export function eventMessage(e: UnpublishedEvent): EventMessage {
  return {
    schema: EVENT_SCHEMA,
    id: e.id,
    key: e.key,
    type: e.type,
    occurredAt: e.occurredAt.toISOString(),
    requestId: e.requestId,
    incidentId: e.incidentId,
    serviceId: e.serviceId,
    departmentId: e.departmentId,
    clientId: e.clientId,
    channel: e.channel,
    status: e.status,
    priority: e.priority,
    assigneeId: e.assigneeId,
    closeReason: e.closeReason,
    slaClock: e.slaClock,
    slaDueAt: iso(e.slaDueAt),
    sourceMessageId: e.sourceMessageId ?? null,
    externalRef: e.sourceSubject?.startsWith(refPrefix) ? e.sourceSubject.slice(refPrefix.length) : null,
  };
}

/** Publishes one batch of unpublished events and marks them once confirmed: how many went out. */
export async function publishPending(db: Database, ch: ConfirmChannel, exchange: string): Promise<number> {
  const batch = await unpublishedEvents(db, BUS_BATCH);
  if (batch.length === 0) return 0;
  for (const e of batch)
    ch.publish(exchange, e.type, Buffer.from(JSON.stringify(eventMessage(e))), {
      messageId: e.key,
      type: e.type,
      contentType: 'application/json',
      persistent: true,
      timestamp: Math.floor(e.occurredAt.getTime() / 1000),
      headers: { 'x-incident-desk-schema': EVENT_SCHEMA },
    });
  await ch.waitForConfirms();
  await markPublished(
    db,
    batch.map((e) => e.id),
  );
  return batch.length;
}
