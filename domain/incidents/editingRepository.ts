// The statements of an edit of an incident's title and description (editing.ts).
import { sql } from 'kysely';
import type { Database } from '../../infra/db';

/**
 * Sets the title and the request's description if the incident is still at the version the
 * editor saw; false when it changed meanwhile (nothing is written then).
 */
export async function updateIncidentText(db: Database, incidentId: string, seen: Date, text: { title?: string; description?: string }): Promise<boolean> {
  const now = new Date();
  const done = await db
    .updateTable('Incident')
    .set({ ...(text.title !== undefined ? { title: text.title } : {}), updatedAt: now })
    .where('id', '=', incidentId)
    .where('updatedAt', '=', seen)
    .executeTakeFirst();
  if (done.numUpdatedRows === 0n) return false;
  if (text.description !== undefined) {
    await db.updateTable('ServiceRequest').set({ description: text.description, updatedAt: now }).where('incidentId', '=', incidentId).execute();
  }
  return true;
}

/** Sets the title whatever the version (a synced system's subject edit, carried in order). */
export async function setIncidentTitle(db: Database, incidentId: string, title: string): Promise<void> {
  await db.updateTable('Incident').set({ title, updatedAt: new Date() }).where('id', '=', incidentId).execute();
}

/** Tells the live board and open incident pages (api/liveUpdates.ts) that the incident changed, at commit. */
export async function notifyIncidentChanged(db: Database, incidentId: string): Promise<void> {
  await sql`SELECT pg_notify('incident_changes', ${incidentId}::text)`.execute(db);
}
