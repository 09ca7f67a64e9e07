// The statements of long incoming SMS (smsInbound.ts): their parts, kept until every one is in.
import type { Database } from '../../infra/db';

/** Stores a part of a long incoming message; all parts of it once every one is in, else null. */
export async function addInboundPart(
  db: Database,
  part: { sender: string; ref: number; total: number; seq: number; dataCoding: number; content: Buffer },
): Promise<{ seq: number; dataCoding: number; content: Buffer }[] | null> {
  await db
    .insertInto('SmsInboundPart')
    .values(part)
    .onConflict((oc) => oc.columns(['sender', 'ref', 'total', 'seq']).doNothing())
    .execute();
  const parts = await db
    .selectFrom('SmsInboundPart')
    .select(['seq', 'dataCoding', 'content'])
    .where('sender', '=', part.sender)
    .where('ref', '=', part.ref)
    .where('total', '=', part.total)
    .orderBy('seq')
    .execute();
  return parts.length === part.total ? parts : null;
}

/** Forgets the parts once the joined message is stored in the intake. */
export async function dropInboundParts(db: Database, m: { sender: string; ref: number; total: number }): Promise<void> {
  await db.deleteFrom('SmsInboundPart').where('sender', '=', m.sender).where('ref', '=', m.ref).where('total', '=', m.total).execute();
}
