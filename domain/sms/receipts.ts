// Delivery receipts (SMPP 3.4 appendix B): a deliver_sm with esm_class 0x04 whose text reads
// "id:<message id> sub:001 dlvrd:001 submit date:... done date:... stat:DELIVRD err:000 text:...",
// or the receipted_message_id and message_state TLVs where the SMSC sends them. A receipt lands
// on its part once (a repeat changes nothing), an unknown id is counted and logged with the
// reason, and a message whose parts all have receipts settles into one notification attempt.
import type { PDU } from 'smpp';
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import { smsReceipts } from '../../infra/metrics';
import { recordReceipt, settle, unsettledKeys } from './smsRepository';
import { shortMessageOctets } from './encoding';

export interface Receipt {
  messageId: string;
  /** The SMPP stat word (an HTTP provider's status is mapped to one, httpCallbacks.ts). */
  stat: string;
  err: string;
  /** What the log says when it failed; `stat:<stat> err:<err>` when not given. */
  reason?: string;
}

/** message_state values (SMPP 3.4 5.2.28) as the stat words of the receipt text. */
const STATES: Record<number, string> = { 1: 'ENROUTE', 2: 'DELIVRD', 3: 'EXPIRED', 4: 'DELETED', 5: 'UNDELIV', 6: 'ACCEPTD', 7: 'UNKNOWN', 8: 'REJECTD' };
/** Final states: anything else (ENROUTE, ACCEPTD) is an intermediate notice and changes nothing. */
export const FINAL = new Set(['DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'UNKNOWN', 'REJECTD']);

/** The receipt in a deliver_sm's text and TLVs, or null when it carries none. */
export function parseReceipt(text: string, tlv: { receiptedMessageId?: string; messageState?: number }): Receipt | null {
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}:(\\S*)`, 'i').exec(text)?.[1];
  const messageId = tlv.receiptedMessageId || field('id');
  const stat = (field('stat') ?? (tlv.messageState !== undefined ? STATES[tlv.messageState] : undefined))?.toUpperCase();
  if (!messageId || !stat) return null;
  return { messageId, stat, err: field('err') ?? '000' };
}

/** Waits between lookups of a receipt's id that is not known yet (ms): about 1.3 s in all. */
const UNKNOWN_RETRIES_MS = [5, 10, 20, 40, 80, 160, 320, 640];

/** Waits between tries to settle a receipt that came before its delivery's own "sent" record (ms). */
const SETTLE_RETRIES_MS = [5, 10, 20, 40, 80, 160, 320];

/** Whether a deliver_sm is a delivery receipt (esm_class message type bits 2-5: 0x04). */
export const isReceipt = (pdu: PDU) => ((pdu.esm_class ?? 0) & 0x3c) === 0x04;

/** A receipt's deliver_sm to the receipt book (one without id or stat is logged and dropped). */
export async function takeReceipt(pdu: PDU, receipts: ReceiptBook): Promise<void> {
  const text = shortMessageOctets(pdu.short_message).toString('latin1');
  const receipt = parseReceipt(text, { receiptedMessageId: pdu.receipted_message_id, messageState: pdu.message_state });
  if (!receipt) log.warn('SMS receipt ignored: no id or stat in it', { text: text.slice(0, 200) });
  else await receipts.take(receipt);
}

export class ReceiptBook {
  /** onSettled: told of each message settled here (the benchmark's clock). */
  constructor(
    private readonly db: Database,
    private readonly onSettled?: (key: string) => void,
  ) {}

  async take(receipt: Receipt): Promise<void> {
    if (!FINAL.has(receipt.stat)) {
      smsReceipts.inc({ outcome: 'intermediate' });
      return;
    }
    const status = receipt.stat === 'DELIVRD' ? 'delivered' : 'failed';
    const record = () => recordReceipt(this.db, receipt.messageId, status, receipt.reason ?? `stat:${receipt.stat} err:${receipt.err}`);
    let { result, key } = await record();
    // The SMSC may send the receipt before the part's row is written (it is written right after
    // submit_sm_resp, in the same or another worker): an unknown id is looked up again for about
    // a second before it is called unknown. The test stack's stand-in answers within 1 ms, and a
    // first run without this lost a receipt that way.
    for (const wait of UNKNOWN_RETRIES_MS) {
      if (result !== 'unknown') break;
      await new Promise((resolve) => setTimeout(resolve, wait));
      ({ result, key } = await record());
    }
    smsReceipts.inc({ outcome: result === 'recorded' ? status : result });
    if (result === 'unknown') {
      log.warn('SMS receipt ignored: no message sent has this SMSC id', { smscMessageId: receipt.messageId, stat: receipt.stat });
      return;
    }
    if (result === 'repeat') log.info('SMS receipt repeated; nothing changes', { smscMessageId: receipt.messageId });
    else if (key && !(await this.settle(key))) this.settleSoon(key, 0);
  }

  /**
   * A receipt usually comes a few milliseconds after submit_sm_resp, before the delivery's
   * "sent" attempt is written (notifier.ts writes it once the channel returns): tried again
   * shortly, without holding up the answer to the SMSC. The sweep catches the rest.
   */
  private settleSoon(key: string, attempt: number): void {
    const wait = SETTLE_RETRIES_MS[attempt];
    if (wait === undefined) return;
    setTimeout(() => {
      this.settle(key).then(
        (done) => done || this.settleSoon(key, attempt + 1),
        (error: unknown) => log.warn('SMS receipt not settled; the sweep retries', { key, error: String(error) }),
      );
    }, wait).unref();
  }

  private async settle(key: string): Promise<boolean> {
    const done = await settle(this.db, key);
    if (done) this.onSettled?.(key);
    return done;
  }

  /** Settles what is left (a receipt before its delivery's record, a worker restarted in between). */
  async sweep(): Promise<void> {
    for (const key of await unsettledKeys(this.db, 100)) await this.settle(key);
  }
}
