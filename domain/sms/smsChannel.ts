// Notifications by SMS for recipients whose address is a phone number (router.ts). The text
// (subject, then body) goes as GSM 7-bit or UCS-2, split into concatenated parts when long
// (encoding.ts); each part's SMSC message id is kept (SmsPart) and the attempt is logged "sent"
// with those ids. Only the operator's delivery receipt makes it "delivered" or "failed"
// (receipts.ts). A retried delivery submits only the parts the SMSC has not taken yet, with the
// same concatenation reference, so a phone still joins them. An HTTP provider takes the whole
// text in one call and splits it itself: one part on our side, its message id the reference
// we give it (derived from the key), so a retry after a lost answer names the same message.
import { createHash } from 'node:crypto';
import type { Database } from '../../infra/db';
import { undeliverable, type Delivered, type Message, type NotificationChannel } from '../notifications/notifier';
import { encodeSms, refOf, type EncodedPart } from './encoding';
import { insertPart, partsSubmitted } from './smsRepository';

/**
 * What sends SMS: the SMPP session one encoded UDH part at a time (splits 'desk'), or an HTTP
 * provider the whole text (splits 'provider'). Both give the provider's message id, and throw
 * PermanentRefusal for what no retry changes.
 */
export type SmsProvider =
  | { readonly name: string; readonly splits: 'desk'; submit(from: string, to: string, part: EncodedPart): Promise<string> }
  | { readonly name: string; readonly splits: 'provider'; submitText(from: string, to: string, text: string, reference: string): Promise<string> };

export class PermanentRefusal extends Error {}

/** The message id we give an HTTP provider: the same for every try of one notification (32 hex digits of its key's SHA-256). */
export const providerReference = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);

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
    const provider = this.provider;
    const text = smsText(message);
    const parts = provider.splits === 'desk' ? encodeSms(text, refOf(message.key)) : [null];
    const done = new Map((await partsSubmitted(this.db, message.key)).map((p) => [p.part, p.smscMessageId]));
    const ids: string[] = [];
    for (const [i, part] of parts.entries()) {
      let id = done.get(i + 1);
      if (!id) {
        const submitted =
          provider.splits === 'desk'
            ? provider.submit(this.sourceAddr, message.recipient, part!)
            : provider.submitText(this.sourceAddr, message.recipient, text, providerReference(message.key));
        id = await submitted.catch((error: unknown) => {
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
