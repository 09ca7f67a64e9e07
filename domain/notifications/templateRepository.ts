// The admins' texts of the notification templates, one row per template and language.
import type { Database } from '../../infra/db';

export const templateText = (db: Database, name: string, lang: string) =>
  db.selectFrom('NotificationTemplate').select(['subject', 'body']).where('name', '=', name).where('lang', '=', lang).executeTakeFirst();

export const templateTexts = (db: Database) => db.selectFrom('NotificationTemplate').selectAll().execute();

export async function upsertTemplateText(
  db: Database,
  name: string,
  lang: string,
  text: { subject: string; body: string; updatedById: string },
): Promise<void> {
  const change = { ...text, updatedAt: new Date() };
  await db
    .insertInto('NotificationTemplate')
    .values({ name, lang, ...change })
    .onConflict((oc) => oc.columns(['name', 'lang']).doUpdateSet(change))
    .execute();
}

export async function deleteTemplateText(db: Database, name: string, lang: string): Promise<void> {
  await db.deleteFrom('NotificationTemplate').where('name', '=', name).where('lang', '=', lang).execute();
}
