// Mobile-originated SMS (a deliver_sm that is not a receipt, domain/sms/receipts.ts, or an HTTP
// provider's callback, domain/sms/httpCallbacks.ts) into the channel intake, as
// mailboxReader.ts brings mail. A long message's parts (UDH concatenation)
// are kept in the database until every part is in, then joined and stored once. The idempotency key: the concatenation reference or "single", the
// sender and a hash of the octets, with the UTC day, so a deliver_sm the SMSC delivers again
// (our answer was lost) is stored once, while the same short text on another day is new.
import { createHash } from 'node:crypto';
import type { PDU } from 'smpp';
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import type { ChannelIntake, Route } from './intake';
import { receivedIds } from './intakeRepository';
import { smsNormaliser, type StoredSms } from './sms';
import { DATA_CODING, shortMessageOctets, splitUdh, UndecodableText } from '../sms/encoding';
import { addInboundPart, dropInboundParts } from './smsPartRepository';

const octets = (pdu: PDU) => shortMessageOctets(pdu.short_message);

const international = (addr: string, ton: number | undefined) => (ton === 1 && !addr.startsWith('+') ? `+${addr}` : addr);

/** Mobile-originated messages into the channel intake. */
export class SmsInbound {
  constructor(
    private readonly db: Database,
    private readonly intake: ChannelIntake,
    private readonly route: Route,
    private readonly source: string,
  ) {}

  /** Stores one mobile-originated deliver_sm; throws when it could not (the SMSC then delivers it again). */
  async deliver(pdu: PDU): Promise<void> {
    const esmClass = pdu.esm_class ?? 0;
    const from = international(pdu.source_addr ?? '', pdu.source_addr_ton);
    const to = international(pdu.destination_addr ?? '', pdu.dest_addr_ton);
    const dataCoding = pdu.data_coding ?? 0;
    const raw = octets(pdu);
    let split: ReturnType<typeof splitUdh>;
    try {
      split = splitUdh(raw, esmClass);
    } catch (error) {
      if (!(error instanceof UndecodableText)) throw error;
      // Stored as it came, so the normaliser holds it with the reason.
      split = { concat: null, body: raw };
    }
    const { concat, body } = split;
    if (!concat || concat.total === 1) return this.store({ from, to, dataCoding, parts: [body.toString('base64')] }, 'single');
    const parts = await addInboundPart(this.db, { sender: from, ref: concat.ref, total: concat.total, seq: concat.seq, dataCoding, content: body });
    if (!parts) return;
    await this.store({ from, to, dataCoding: parts[0]!.dataCoding, parts: parts.map((p) => p.content.toString('base64')) }, `${concat.ref}/${concat.total}`);
    await dropInboundParts(this.db, { sender: from, ref: concat.ref, total: concat.total });
  }

  /**
   * Stores one message an HTTP provider gave as text, joined already, under the provider's
   * message id (a callback repeated with it stores nothing). The text is kept as UCS-2 octets,
   * so the one normaliser (sms.ts) reads it as it reads an SMPP message. Returns whether it was new.
   */
  async receiveText(message: { from: string; to: string; text: string; messageId: string }): Promise<boolean> {
    const octets = Buffer.from(message.text, 'utf16le').swap16();
    const sms: StoredSms = { from: message.from, to: message.to, dataCoding: DATA_CODING.UCS2, parts: [octets.toString('base64')] };
    return this.keep(sms, `${sms.from}:id:${message.messageId}`);
  }

  private async store(sms: StoredSms, concat: string): Promise<void> {
    const hash = createHash('sha256').update(JSON.stringify(sms)).digest('hex').slice(0, 24);
    const day = new Date().toISOString().slice(0, 10);
    await this.keep(sms, `${sms.from}:${concat}:${hash}:${day}`);
  }

  private async keep(sms: StoredSms, channelMessageId: string): Promise<boolean> {
    const id = await this.intake.receive('SMS', channelMessageId, this.source, Buffer.from(JSON.stringify(sms)));
    if (id) void this.process(id);
    return id !== null;
  }

  private async process(id: string): Promise<void> {
    const outcome = await this.intake.process(id, smsNormaliser, this.route).catch((error: unknown) => {
      log.warn('SMS not processed; retried on the next pass', { inboundId: id, error: String((error as Error)?.message ?? error) });
      return null;
    });
    if (outcome) log.debug('SMS processed', { inboundId: id, ...outcome });
  }

  /** Takes again what waits (a reply whose request's incident was not open yet, an error). */
  async pass(): Promise<void> {
    for (const id of await receivedIds(this.db, 100, 'SMS')) await this.process(id);
  }
}
