// The statement of key expiry (idempotencyKeys.ts): both places an Idempotency-Key is kept.
import type { Database } from '../../infra/db';

/** Forgets every key used before `cutoff`: the answers kept by api/idempotency.ts and the keys filed requests carry. */
export async function forgetKeysBefore(db: Database, cutoff: Date): Promise<{ answers: number; requests: number }> {
  return db.transaction().execute(async (trx) => {
    const answers = await trx.deleteFrom('IdempotencyRecord').where('createdAt', '<', cutoff).executeTakeFirst();
    const requests = await trx
      .updateTable('ServiceRequest')
      .set({ idempotencyKey: null })
      .where('createdAt', '<', cutoff)
      .where('idempotencyKey', 'is not', null)
      .executeTakeFirst();
    return { answers: Number(answers.numDeletedRows), requests: Number(requests.numUpdatedRows) };
  });
}
