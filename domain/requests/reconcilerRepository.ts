// The statement of the reconciler (reconciler.ts): requests still NEW some time after filing.
import type { Database } from '../../infra/db';

/** The oldest requests still NEW that were filed before `filedBefore`, at most `limit` of them. */
export async function requestsStillNew(db: Database, filedBefore: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('ServiceRequest')
    .select('id')
    .where('status', '=', 'NEW')
    .where('createdAt', '<', filedBefore)
    .orderBy('createdAt')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
