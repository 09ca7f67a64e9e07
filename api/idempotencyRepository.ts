// The kept answers of create calls made with an Idempotency-Key, per caller and key.
import type { Database } from '../infra/db';

/** Claims the key for the call; false when the caller used the key before. */
export async function claimKey(db: Database, record: { actorId: string; key: string; method: string; path: string; bodyHash: string }): Promise<boolean> {
  const result = await db
    .insertInto('IdempotencyRecord')
    .values(record)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows) > 0;
}

export const keyRecord = (db: Database, actorId: string, key: string) =>
  db.selectFrom('IdempotencyRecord').select(['path', 'bodyHash', 'status', 'body']).where('actorId', '=', actorId).where('key', '=', key).executeTakeFirst();

export async function keepAnswer(db: Database, actorId: string, key: string, status: number, body: unknown): Promise<void> {
  await db
    .updateTable('IdempotencyRecord')
    .set({ status, body: JSON.stringify(body) })
    .where('actorId', '=', actorId)
    .where('key', '=', key)
    .execute();
}

export async function forgetKey(db: Database, actorId: string, key: string): Promise<void> {
  await db.deleteFrom('IdempotencyRecord').where('actorId', '=', actorId).where('key', '=', key).execute();
}

/** Forgets the key unless an answer was kept for it. */
export async function forgetUnanswered(db: Database, actorId: string, key: string): Promise<void> {
  await db.deleteFrom('IdempotencyRecord').where('actorId', '=', actorId).where('key', '=', key).where('status', 'is', null).execute();
}
