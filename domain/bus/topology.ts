// The bus's exchanges and queues (docs/bus.md), declared by the desk at every connection
// (idempotent): the intake queue with its dead-letter exchange and queue, one retry queue per
// redelivery delay, and the topic exchange of lifecycle events.
import type { Channel } from 'amqplib';

export interface BusSettings {
  url: string;
  intakeQueue: string;
  eventsExchange: string;
  deadLetterExchange: string;
  /** Deliveries before a message failing for a passing cause is dead-lettered. */
  maxAttempts: number;
  retryBaseMs: number;
  prefetch: number;
}

/** Headers the desk sets: why a message was dead-lettered, and which delivery this is. */
export const REASON_HEADER = 'x-incident-desk-reason';
export const ATTEMPT_HEADER = 'x-incident-desk-attempt';

export const deadQueue = (s: BusSettings) => `${s.intakeQueue}.dead`;

/** The delay before delivery `attempt + 1`: base, then four times longer each time (1 s, 4 s, 16 s, 64 s). */
export const retryDelayMs = (s: BusSettings, attempt: number) => s.retryBaseMs * 4 ** (attempt - 1);

/**
 * A retry queue per delay: its messages wait their TTL there, then are dead-lettered back to the
 * intake queue. One TTL per queue (not per message), so none waits behind a longer one; named by
 * the delay, so a changed setting declares new queues instead of clashing with the old ones.
 */
export const retryQueue = (s: BusSettings, attempt: number) => `${s.intakeQueue}.retry.${retryDelayMs(s, attempt)}ms`;

export async function declareTopology(ch: Channel, s: BusSettings): Promise<void> {
  await ch.assertExchange(s.eventsExchange, 'topic', { durable: true });
  await ch.assertExchange(s.deadLetterExchange, 'direct', { durable: true });
  // A message rejected without requeue (a path the consumer did not foresee) is dead-lettered too.
  await ch.assertQueue(s.intakeQueue, {
    durable: true,
    arguments: { 'x-dead-letter-exchange': s.deadLetterExchange, 'x-dead-letter-routing-key': s.intakeQueue },
  });
  await ch.assertQueue(deadQueue(s), { durable: true });
  await ch.bindQueue(deadQueue(s), s.deadLetterExchange, s.intakeQueue);
  for (let attempt = 1; attempt < s.maxAttempts; attempt++)
    await ch.assertQueue(retryQueue(s, attempt), {
      durable: true,
      arguments: { 'x-message-ttl': retryDelayMs(s, attempt), 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': s.intakeQueue },
    });
}
