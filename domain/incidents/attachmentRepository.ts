// The statements of an incident's files (attachments.ts).
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { DB } from '../../generated/kysely/database';
import type { Database } from '../../infra/db';
import type { ItemsSeen } from './commentRepository';

/** A file's row as stored: its name, type, size, hash, storage key and whether the requester sees it. */
export type NewAttachment = Omit<Insertable<DB['Attachment']>, 'id' | 'createdAt'>;

/** The files seen, oldest first. */
export function attachmentsSeen(db: Database, seen: ItemsSeen) {
  let query = db.selectFrom('Attachment').selectAll().where('incidentId', '=', seen.incidentId).orderBy('createdAt', 'asc');
  if (seen.public !== undefined) query = query.where('public', '=', seen.public);
  return query.execute();
}

export function insertAttachment(db: Database, attachment: NewAttachment) {
  return db
    .insertInto('Attachment')
    .values({ id: randomUUID(), ...attachment })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function attachment(db: Database, id: string) {
  return db.selectFrom('Attachment').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * How many files an incident holds and their bytes. In a transaction, lock first holds the
 * incident's row until it ends, so two uploads to one incident decide the quota one after
 * the other.
 */
export async function attachmentTotals(db: Database, incidentId: string, lock = false): Promise<{ files: number; bytes: number }> {
  if (lock) await db.selectFrom('Incident').select('id').where('id', '=', incidentId).forUpdate().execute();
  const row = await db
    .selectFrom('Attachment')
    .select(({ fn }) => [fn.countAll<string>().as('files'), fn.sum<string | null>('size').as('bytes')])
    .where('incidentId', '=', incidentId)
    .executeTakeFirstOrThrow();
  return { files: Number(row.files), bytes: Number(row.bytes ?? 0) };
}
