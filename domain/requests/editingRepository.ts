// The statement of an admin's soft delete of a request (editing.ts).
import type { Database } from '../../infra/db';

/** Marks the request deleted once; false when it was deleted already. */
export async function markRequestDeleted(db: Database, requestId: string): Promise<boolean> {
  const done = await db
    .updateTable('ServiceRequest')
    .set({ deletedAt: new Date() })
    .where('id', '=', requestId)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
  return done.numUpdatedRows > 0n;
}
