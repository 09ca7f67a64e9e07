// The statements of the files the sync carries (attachments.ts): which file here is which file
// there (SyncAttachment), and the incident's files it compares with.
import type { Database } from '../../infra/db';

export async function attachmentCarried(db: Database, system: string, remoteAttachmentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('SyncAttachment')
    .select('attachmentId')
    .where('system', '=', system)
    .where('remoteAttachmentId', '=', remoteAttachmentId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function remoteOfAttachment(db: Database, system: string, attachmentId: string): Promise<string | null> {
  const row = await db
    .selectFrom('SyncAttachment')
    .select('remoteAttachmentId')
    .where('system', '=', system)
    .where('attachmentId', '=', attachmentId)
    .executeTakeFirst();
  return row?.remoteAttachmentId ?? null;
}

/** Records the pair once; a pair recorded already (a retry, the other direction first) is kept. */
export function recordCarriedAttachment(db: Database, a: { system: string; remoteId: string; remoteAttachmentId: string; attachmentId: string }) {
  return db
    .insertInto('SyncAttachment')
    .values(a)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** One of our files as the outbound pass sends it. */
export function attachmentToSend(db: Database, id: string) {
  return db.selectFrom('Attachment').select(['id', 'fileName', 'contentType', 'size', 'storageKey']).where('id', '=', id).executeTakeFirst();
}

/** A file the incident holds already with this name and content (a carried file whose record a crash lost). */
export function sameFileOn(db: Database, incidentId: string, fileName: string, sha256: string) {
  return db
    .selectFrom('Attachment')
    .select('id')
    .where('incidentId', '=', incidentId)
    .where('fileName', '=', fileName)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
}
