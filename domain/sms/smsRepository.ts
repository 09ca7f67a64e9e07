// The statements of the SMS channel: parts submitted with their receipts (SmsPart), their
// settlement into one notification attempt.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../infra/db';

export interface SubmittedPart {
  smscMessageId: string;
  key: string;
  incidentId: string | null;
  recipient: string;
  template: string;
  subject: string;
  part: number;
  parts: number;
}

/** The parts of a message submitted so far (a retried delivery submits only the rest). */
export function partsSubmitted(db: Database, key: string) {
  return db.selectFrom('SmsPart').select(['part', 'smscMessageId']).where('key', '=', key).orderBy('part').execute();
}

export async function insertPart(db: Database, part: SubmittedPart): Promise<void> {
  await db
    .insertInto('SmsPart')
    .values(part)
    .onConflict((oc) => oc.column('smscMessageId').doNothing())
    .execute();
}

/**
 * Records a receipt on its part once: 'recorded' (with the message's key), 'repeat' when the
 * part has its receipt already, 'unknown' when no part has this SMSC id.
 */
export async function recordReceipt(
  db: Database,
  smscMessageId: string,
  status: 'delivered' | 'failed',
  receipt: string,
): Promise<{ result: 'recorded' | 'repeat' | 'unknown'; key?: string }> {
  const update = () =>
    db
      .updateTable('SmsPart')
      .set({ status, receipt: receipt.slice(0, 200), receiptAt: new Date() })
      .where('smscMessageId', '=', smscMessageId)
      .where('receiptAt', 'is', null)
      .returning('key')
      .executeTakeFirst();
  const row = await update();
  if (row) return { result: 'recorded', key: row.key };
  const known = await db.selectFrom('SmsPart').select(['key', 'receiptAt']).where('smscMessageId', '=', smscMessageId).executeTakeFirst();
  if (!known) return { result: 'unknown' };
  if (known.receiptAt) return { result: 'repeat', key: known.key };
  // Written between the two statements (the part's row follows submit_sm_resp): a first receipt.
  const again = await update();
  return again ? { result: 'recorded', key: again.key } : { result: 'repeat', key: known.key };
}

/** Keys whose parts have receipts and are not settled yet (the settlement sweep). */
export async function unsettledKeys(db: Database, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('SmsPart').select('key').distinct().where('settledAt', 'is', null).where('receiptAt', 'is not', null).limit(limit).execute();
  return rows.map((r) => r.key);
}

/**
 * Settles a message once every part has its receipt and its "sent" attempt is on the log:
 * claims the parts (settledAt) and adds the "delivered" or "failed" attempt in one transaction,
 * so a second sweep or a repeated receipt adds nothing. False when it is not ready.
 */
export async function settle(db: Database, key: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const parts = await tx.selectFrom('SmsPart').selectAll().where('key', '=', key).orderBy('part').forUpdate().execute();
    const first = parts[0];
    if (!first || parts.some((p) => p.settledAt || !p.receiptAt) || parts.length < first.parts) return false;
    const sent = await tx.selectFrom('NotificationAttempt').select('id').where('key', '=', key).where('outcome', '=', 'sent').executeTakeFirst();
    if (!sent) return false; // the delivery's own record follows within milliseconds
    await tx.updateTable('SmsPart').set({ settledAt: new Date() }).where('key', '=', key).execute();
    const failed = parts.filter((p) => p.status !== 'delivered');
    await tx
      .insertInto('NotificationAttempt')
      .values({
        id: randomUUID(),
        key,
        incidentId: first.incidentId,
        recipient: first.recipient,
        channel: 'sms',
        template: first.template,
        subject: first.subject,
        outcome: failed.length ? 'failed' : 'delivered',
        error: failed.length ? failed.map((p) => `part ${p.part}/${p.parts}: ${p.receipt ?? ''}`).join('; ') : null,
        reference: parts.map((p) => p.smscMessageId).join(','),
        // After the "sent" attempt on the log, whatever the clocks of two writers say.
        createdAt: sql<Date>`greatest(now(), (SELECT max("createdAt") + interval '1 millisecond' FROM "NotificationAttempt" WHERE key = ${key}))`,
      })
      .execute();
    return true;
  });
}
