// Notifications behind a channel interface. Each delivery has a key; a retried activity
// finds the key already recorded and does not deliver twice.
import type { Db } from '../infra/db';
import { log } from '../infra/logger';
import { notifications } from '../infra/metrics';

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
  deliver(message: Message): Promise<void>;
}

/** Writes the message to the log: the delivery channel of the local stack. */
export class LogChannel implements NotificationChannel {
  readonly name = 'log';
  async deliver(message: Message) {
    log.info('notification delivered', { channel: this.name, recipient: message.recipient, template: message.template, subject: message.subject });
  }
}

export async function sendOnce(db: Db, channel: NotificationChannel, message: Message): Promise<boolean> {
  const existing = await db.notification.findUnique({ where: { key: message.key } });
  if (existing) return false;
  try {
    await channel.deliver(message);
  } catch (error) {
    notifications.inc({ channel: channel.name, outcome: 'failed' });
    throw error;
  }
  await db.notification.createMany({
    data: [{ key: message.key, incidentId: message.incidentId, recipient: message.recipient, channel: channel.name, template: message.template, body: `${message.subject}\n\n${message.body}` }],
    skipDuplicates: true,
  });
  notifications.inc({ channel: channel.name, outcome: 'sent' });
  return true;
}
