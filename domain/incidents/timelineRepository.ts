// The statements of an incident's timeline and notification log: transitions, audit entries,
// comments, attachments and notification attempts of one incident.
import { sql } from 'kysely';
import type { Database } from '../../infra/db';

/** The comments or files of an incident a reader sees (incidents.ts, itemsSeen). */
export interface ItemsSeen {
  incidentId: string;
  public?: true;
}
/** The deliveries of an incident a reader sees: every one, those to this address (any case), or none (null). */
export interface NotificationsSeen {
  incidentId: string;
  recipient?: string | null;
}

export const transitionsOf = (db: Database, incidentId: string) =>
  db.selectFrom('IncidentTransition').selectAll().where('incidentId', '=', incidentId).execute();

/** The audit entries of an incident but those of actions shown as items themselves. */
export const auditEntriesOf = (db: Database, incidentId: string, except: string[]) =>
  db
    .selectFrom('AuditEntry')
    .selectAll()
    .where('incidentId', '=', incidentId)
    .where('action', '<>', sql<string>`ALL(${except}::text[])`)
    .execute();

export const commentsSeen = (db: Database, seen: ItemsSeen) => {
  const query = db.selectFrom('Comment').selectAll().where('incidentId', '=', seen.incidentId);
  return (seen.public ? query.where('public', '=', true) : query).execute();
};

export const attachmentsSeen = (db: Database, seen: ItemsSeen) => {
  const query = db.selectFrom('Attachment').selectAll().where('incidentId', '=', seen.incidentId);
  return (seen.public ? query.where('public', '=', true) : query).execute();
};

/** The notification attempts a reader sees, oldest first. */
export const notificationAttemptsSeen = (db: Database, seen: NotificationsSeen) => {
  let query = db.selectFrom('NotificationAttempt').selectAll().where('incidentId', '=', seen.incidentId);
  if (seen.recipient === null) query = query.where(sql<boolean>`FALSE`);
  else if (seen.recipient !== undefined) query = query.where(sql<boolean>`lower(recipient) = lower(${seen.recipient})`);
  return query.orderBy('createdAt').execute();
};

/** The calls linked to the incident's request (filed from the caller's card), for staff. */
export const callsOfRequest = (db: Database, requestId: string) =>
  db
    .selectFrom('Call')
    .select(['startedAt', 'answeredAt', 'endedAt', 'state', 'operatorId', 'callerNumber', 'recordingUrl'])
    .where('requestId', '=', requestId)
    .execute();
