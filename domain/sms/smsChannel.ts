// Notifications by SMS for recipients whose address is a phone number (router.ts). The text
// (subject, then body) goes as GSM 7-bit or UCS-2, split into concatenated parts when long
// (encoding.ts); each part's SMSC message id is kept (SmsPart) and the attempt is logged "sent"
// with those ids. Only the operator's delivery receipt makes it "delivered" or "failed"
// (receipts.ts). A retried delivery submits only the parts the SMSC has not taken yet, with the
// same concatenation reference, so a phone still joins them.
import type { Database } from '../../infra/db';
import { undeliverable, type Delivered, type Message, type NotificationChannel } from '../notifications/notifier';
import { encodeSms, refOf, type EncodedPart } from './encoding';
import { insertPart, partsSubmitted } from './smsRepository';

/** What sends one part: the SMPP session or an HTTP provider. Throws PermanentRefusal for what no retry changes. */
export interface SmsProvider {
  readonly name: string;
  submit(from: string, to: string, part: EncodedPart): Promise<string>;
}

export class PermanentRefusal extends Error {}

/** The text an SMS carries of a notification. */
export const smsText = (message: Pick<Message, 'subject' | 'body'>) => [message.subject, message.body].filter(Boolean).join('\n').trim();

export class SmsChannel implements NotificationChannel {
  readonly name = 'sms';

  constructor(
    private readonly db: Database,
    private readonly provider: SmsProvider,
    private readonly sourceAddr: string,
  ) {}

  async deliver(message: Message): Promise<Delivered> {
    if (!/^\+?[1-9]\d{6,14}$/.test(message.recipient)) throw undeliverable(`"${message.recipient}" is not a phone number`);
    const parts = encodeSms(smsText(message), refOf(message.key));
    const done = new Map((await partsSubmitted(this.db, message.key)).map((p) => [p.part, p.smscMessageId]));
    const ids: string[] = [];
    for (const [i, part] of parts.entries()) {
      let id = done.get(i + 1);
      if (!id) {
        id = await this.provider.submit(this.sourceAddr, message.recipient, part).catch((error: unknown) => {
          throw error instanceof PermanentRefusal ? undeliverable(error.message) : error;
        });
        await insertPart(this.db, {
          smscMessageId: id,
          key: message.key,
          incidentId: message.incidentId,
          recipient: message.recipient,
          template: message.template,
          subject: message.subject.slice(0, 500),
          part: i + 1,
          parts: parts.length,
        });
      }
      ids.push(id);
    }
    return { channel: this.name, reference: ids.join(',') };
  }
}
