// Notifications behind a channel interface. Each delivery has a key; a retried activity
// finds the key already recorded and does not deliver twice.
import { type Database } from '../../infra/db';
import { deliveredBefore, recordDelivery, recordFailedAttempt } from './notifierRepository';
import { log } from '../../infra/logger';
import { notifications } from '../../infra/metrics';

export interface Message {
  key: string;
  incidentId: string | null;
  recipient: string;
  template: string;
  subject: string;
  body: string;
}

export interface NotificationChannel {
  readonly name: string;
  /** Delivers or throws; may return the name of the channel that actually delivered. */
  deliver(message: Message): Promise<string | void>;
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
 * Delivers a message once per key. Every attempt is logged (NotificationAttempt), a failure is
 * rethrown so that Temporal retries the activity, and a success is recorded under the key.
 */
export async function sendOnce(db: Database, channel: NotificationChannel, message: Message): Promise<boolean> {
  if (await deliveredBefore(db, message.key)) return false;
  const attempt = { key: message.key, incidentId: message.incidentId, recipient: message.recipient, template: message.template, subject: message.subject };
  let used: string;
  try {
    used = (await channel.deliver(message)) || channel.name;
  } catch (error) {
    const failed = channel.nameFor?.(message) ?? channel.name;
    notifications.inc({ channel: failed, outcome: 'failed' });
    await recordFailedAttempt(db, { ...attempt, channel: failed }, String((error as Error).message ?? error).slice(0, 1000));
    throw error;
  }
  await recordDelivery(db, { ...attempt, channel: used }, `${message.subject}\n\n${message.body}`);
  notifications.inc({ channel: used, outcome: 'sent' });
  return true;
}
