// The statements of an admin's edit of a request before its incident exists (requestEdit.ts).
import type { Database } from '../../infra/db';

/** The request's editable fields, locked for the edit's transaction. */
export function requestForEdit(db: Database, requestId: string) {
  return db
    .selectFrom('ServiceRequest')
    .select(['id', 'status', 'incidentId', 'serviceId', 'clientId', 'description', 'updatedAt', 'deletedAt'])
    .where('id', '=', requestId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateRequestFields(
  db: Database,
  requestId: string,
  fields: { serviceId?: string; clientId?: string; description?: string },
): Promise<void> {
  await db
    .updateTable('ServiceRequest')
    .set({ ...fields, updatedAt: new Date() })
    .where('id', '=', requestId)
    .execute();
}
