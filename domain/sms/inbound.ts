// What the SMSC delivers (deliver_sm): a delivery receipt (esm_class bits 2-5 = 0x04) goes to the
// receipt book; anything else is a mobile-originated message for the channel intake. A long
// message's parts (UDH concatenation) are kept in the database until every part is in, then
// joined and stored once. The idempotency key: the concatenation reference or "single", the
// sender and a hash of the octets, with the UTC day, so a deliver_sm the SMSC delivers again
// (our answer was lost) is stored once, while the same short text on another day is new.
import { createHash } from 'node:crypto';
import type { PDU } from 'smpp';
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import type { ChannelIntake, Route } from '../intake/intake';
import { receivedIds } from '../intake/intakeRepository';
import { smsNormaliser, type StoredSms } from '../intake/sms';
import { shortMessageOctets, splitUdh, UndecodableText } from './encoding';
import { parseReceipt, type ReceiptBook } from './receipts';
import { addInboundPart, dropInboundParts } from './smsRepository';

const RECEIPT = 0x04;

const octets = (pdu: PDU) => shortMessageOctets(pdu.short_message);

const international = (addr: string, ton: number | undefined) => (ton === 1 && !addr.startsWith('+') ? `+${addr}` : addr);

/** Whether a deliver_sm is a delivery receipt (esm_class message type bits). */
export const isReceipt = (pdu: PDU) => ((pdu.esm_class ?? 0) & 0x3c) === RECEIPT;

/** A receipt's deliver_sm to the receipt book (one without id or stat is logged and dropped). */
export async function takeReceipt(pdu: PDU, receipts: ReceiptBook): Promise<void> {
  const text = octets(pdu).toString('latin1');
  const receipt = parseReceipt(text, { receiptedMessageId: pdu.receipted_message_id, messageState: pdu.message_state });
  if (!receipt) log.warn('SMS receipt ignored: no id or stat in it', { text: text.slice(0, 200) });
  else await receipts.take(receipt);
}

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

  private async store(sms: StoredSms, concat: string): Promise<void> {
    const hash = createHash('sha256').update(JSON.stringify(sms)).digest('hex').slice(0, 24);
    const day = new Date().toISOString().slice(0, 10);
    const id = await this.intake.receive('SMS', `${sms.from}:${concat}:${hash}:${day}`, this.source, Buffer.from(JSON.stringify(sms)));
    if (id) void this.process(id);
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
    for (const id of await receivedIds(this.db, 'SMS', 100)) await this.process(id);
  }
}
