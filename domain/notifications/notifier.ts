// Notifications behind a channel interface. Each delivery has a key; a retried activity
// finds the key already recorded and does not deliver twice.
//
// Delivery is at least once, not exactly once: the success is recorded after the channel
// accepted the message, so a worker killed between the two (a few milliseconds: the SMTP
// server's "250" and one INSERT) leaves no record and the retried activity sends the message
// again. The key is the message's Message-ID (emailChannel.ts), so a mail store that keeps one
// copy per Message-ID shows it once. Claiming the key before sending would turn that into at
// most once, and a crash before the server accepted would then lose the message: for a
// status notice a repeat is the lesser harm.
import { type Database } from '../../infra/db';
import { DomainError } from '../shared/errors';
import { deliveryState, recordDeferral, recordDelivery, recordFailedAttempt } from './notifierRepository';
import { log } from '../../infra/logger';
import { notifications } from '../../infra/metrics';

export interface Message {
  key: string;
  incidentId: string | null;
  recipient: string;
  template: string;
  subject: string;
  body: string;
  /** The conversation it belongs to (threads.ts): In-Reply-To and References of an e-mail. */
  thread?: { inReplyTo: string; references: string[] };
  /** Where the recipient's answer goes (e-mail Reply-To: the chat address of a chat by mail). */
  replyTo?: string;
  /** Sent during the recipient's quiet hours: a channel that can should deliver it without a sound. */
  silent?: boolean;
  /** Not to be sent before then (the end of the recipient's quiet hours: preferences.ts). */
  notBefore?: Date;
}

/** The message waits (quiet hours): the activity is retried at `until`, not counted as a failure. */
export class Deferred extends Error {
  constructor(readonly until: Date) {
    super(`deferred until ${until.toISOString()} (quiet hours)`);
  }
}

/** What a channel may tell of a delivery: the channel that carried it and its id there (SMS: the SMSC message ids). */
export interface Delivered {
  channel: string;
  reference: string;
}

export interface NotificationChannel {
  readonly name: string;
  /** Delivers or throws; may return the name of the channel that actually delivered, with the id it gave. */
  deliver(message: Message): Promise<string | Delivered | void>;
  /** The channel that will carry this message, when this one routes to others. */
  nameFor?(message: Message): string;
}

/** Writes the message to the log: the delivery channel of the local stack. */
export class LogChannel implements NotificationChannel {
  readonly name = 'log';
  async deliver(message: Message): Promise<string> {
    log.info('notification delivered', { channel: this.name, recipient: message.recipient, template: message.template, subject: message.subject });
    return this.name;
  }
}

/**
 * Attempts of one message before it is given up. Temporal retries the activity 1 s apart,
 * doubling to 1 min, so 20 attempts ride out about 15 minutes of a mail server down; after that
 * the incident's notification log says "undelivered" and staff tell the client another way.
 */
export const MAX_DELIVERY_ATTEMPTS = 20;

/** A channel's answer no retry will change (an SMTP 5xx: no such mailbox, refused as spam). */
export const undeliverable = (detail: string) => new DomainError(422, 'Undeliverable', detail);

/**
 * Delivers a message once per key. Every attempt is logged (NotificationAttempt), a failure is
 * rethrown so that Temporal retries the activity, and a success is recorded under the key. A
 * permanent refusal, or the last of MAX_DELIVERY_ATTEMPTS, is logged as 'undelivered' and ends
 * the retries (a 4xx DomainError is not retried: activities/index.ts).
 */
export async function sendOnce(db: Database, channel: NotificationChannel, message: Message, maxAttempts = MAX_DELIVERY_ATTEMPTS): Promise<boolean> {
  const state = await deliveryState(db, message.key);
  if (state.delivered || state.givenUp) return false;
  const attempt = { key: message.key, incidentId: message.incidentId, recipient: message.recipient, template: message.template, subject: message.subject };
  if (message.notBefore && message.notBefore.getTime() > Date.now()) {
    const deferred = new Deferred(message.notBefore);
    // One log line per deferral, however often a pass looks at the message meanwhile.
    await recordDeferral(db, { ...attempt, channel: channel.nameFor?.(message) ?? channel.name }, deferred.message);
    throw deferred;
  }
  let used: Delivered;
  try {
    const answer = await channel.deliver(message);
    used = typeof answer === 'object' ? answer : { channel: answer || channel.name, reference: '' };
  } catch (error) {
    const failed = channel.nameFor?.(message) ?? channel.name;
    const detail = String((error as Error).message ?? error).slice(0, 1000);
    const givingUp = error instanceof DomainError || state.failures + 1 >= maxAttempts;
    notifications.inc({ channel: failed, outcome: givingUp ? 'undelivered' : 'failed' });
    await recordFailedAttempt(db, { ...attempt, channel: failed }, detail, givingUp ? 'undelivered' : 'failed');
    if (!givingUp) throw error;
    log.warn('notification given up', {
      key: message.key,
      incidentId: message.incidentId,
      template: message.template,
      attempts: state.failures + 1,
      error: detail,
    });
    throw error instanceof DomainError ? error : undeliverable(`given up after ${state.failures + 1} attempts: ${detail}`);
  }
  await recordDelivery(db, { ...attempt, channel: used.channel }, `${message.subject}\n\n${message.body}`, used.reference || null);
  notifications.inc({ channel: used.channel, outcome: 'sent' });
  return true;
}
