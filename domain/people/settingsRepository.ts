// A person's own settings (Employee: language, time zone, signature, notification preferences).
import type { Database } from '../../infra/db';

export const settingsOf = (db: Database, id: string) =>
  db
    .selectFrom('Employee')
    .select(['locale', 'timezone', 'signature', 'notifyChannels', 'quietHoursStart', 'quietHoursEnd'])
    .where('id', '=', id)
    .executeTakeFirst();

export interface SettingsColumns {
  locale?: string;
  timezone?: string;
  signature?: string;
  notifyChannels?: string[];
  quietHoursStart?: number | null;
  quietHoursEnd?: number | null;
}

/** Whether the person has a row to write to (someone not mirrored yet has none). */
export async function writeSettings(db: Database, id: string, columns: SettingsColumns): Promise<boolean> {
  const done = await db
    .updateTable('Employee')
    .set({ ...columns, updatedAt: new Date() })
    .where('id', '=', id)
    .executeTakeFirst();
  return done.numUpdatedRows > 0n;
}
