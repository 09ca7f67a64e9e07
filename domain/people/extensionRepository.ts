// An operator's phone extension (Employee.extension, unique).
import type { Database } from '../../infra/db';

export const extensionOf = (db: Database, id: string) => db.selectFrom('Employee').select('extension').where('id', '=', id).executeTakeFirst();

export const extensionHolder = (db: Database, extension: string) =>
  db.selectFrom('Employee').select('id').where('extension', '=', extension).executeTakeFirst();

/** Sets it; false when another employee took it meanwhile (the unique index). */
export async function setExtension(db: Database, id: string, extension: string | null): Promise<boolean> {
  try {
    await db.updateTable('Employee').set({ extension, updatedAt: new Date() }).where('id', '=', id).execute();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return false;
    throw error;
  }
}
