// Delivery receipts (SMPP 3.4 appendix B): a deliver_sm with esm_class 0x04 whose text reads
// "id:<message id> sub:001 dlvrd:001 submit date:... done date:... stat:DELIVRD err:000 text:...",
// or the receipted_message_id and message_state TLVs where the SMSC sends them. A receipt lands
// on its part once (a repeat changes nothing), an unknown id is counted and logged with the
// reason, and a message whose parts all have receipts settles into one notification attempt.
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import { smsReceipts } from '../../infra/metrics';
import { recordReceipt, settle, unsettledKeys } from './smsRepository';

export interface Receipt {
  messageId: string;
  stat: string;
  err: string;
}

/** message_state values (SMPP 3.4 5.2.28) as the stat words of the receipt text. */
const STATES: Record<number, string> = { 1: 'ENROUTE', 2: 'DELIVRD', 3: 'EXPIRED', 4: 'DELETED', 5: 'UNDELIV', 6: 'ACCEPTD', 7: 'UNKNOWN', 8: 'REJECTD' };
/** Final states: anything else (ENROUTE, ACCEPTD) is an intermediate notice and changes nothing. */
const FINAL = new Set(['DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'UNKNOWN', 'REJECTD']);

/** The receipt in a deliver_sm's text and TLVs, or null when it carries none. */
export function parseReceipt(text: string, tlv: { receiptedMessageId?: string; messageState?: number }): Receipt | null {
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}:(\\S*)`, 'i').exec(text)?.[1];
  const messageId = tlv.receiptedMessageId || field('id');
  const stat = (field('stat') ?? (tlv.messageState !== undefined ? STATES[tlv.messageState] : undefined))?.toUpperCase();
  if (!messageId || !stat) return null;
  return { messageId, stat, err: field('err') ?? '000' };
}

export class ReceiptBook {
  constructor(private readonly db: Database) {}

  async take(receipt: Receipt): Promise<void> {
    if (!FINAL.has(receipt.stat)) {
      smsReceipts.inc({ outcome: 'intermediate' });
      return;
    }
    const status = receipt.stat === 'DELIVRD' ? 'delivered' : 'failed';
    const { result, key } = await recordReceipt(this.db, receipt.messageId, status, `stat:${receipt.stat} err:${receipt.err}`);
    smsReceipts.inc({ outcome: result === 'recorded' ? status : result });
    if (result === 'unknown') {
      log.warn('SMS receipt ignored: no message sent has this SMSC id', { smscMessageId: receipt.messageId, stat: receipt.stat });
      return;
    }
    if (result === 'repeat') log.info('SMS receipt repeated; nothing changes', { smscMessageId: receipt.messageId });
    else if (key) await settle(this.db, key);
  }

  /** Settles what waited for its "sent" attempt (a receipt faster than the delivery's own record). */
  async sweep(): Promise<void> {
    for (const key of await unsettledKeys(this.db, 100)) await settle(this.db, key);
  }
}
