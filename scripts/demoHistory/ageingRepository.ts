// The demo ageing's statements (ageing.ts): every timestamp a finished request left, moved by one
// map: between filing and closing t -> start + (t - filed) * stretch, so order and proportions
// stay as the process made them; after closing (a notification sent a second later, a due time
// not reached) the same distance after the moved closing, unstretched.
import { sql } from 'kysely';
import type { Database } from '../../infra/db';

export interface Finished {
  id: string;
  createdAt: Date;
  closedAt: Date;
}

/**
 * Closed requests whose process has nothing left to do and whose events have not reached
 * analytics yet (the relay was held back). Nothing left: no message owed in the outbox for the
 * request or its incident; the closing messages are sent after the request closes, and each
 * writes a "notification.sent" event before its outbox row is done (lifecycle.ts), so a request
 * moved earlier would gain an event dated today (the CI of stop 29).
 */
export async function finishedRequests(db: Database): Promise<Finished[]> {
  const rows = await db
    .selectFrom('ServiceRequest as r')
    .select(['r.id', 'r.createdAt', 'r.closedAt'])
    .where('r.status', '=', 'CLOSED')
    .where('r.closedAt', 'is not', null)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('IncidentEvent as e').select('e.id').whereRef('e.requestId', '=', 'r.id').where('e.shippedAt', 'is not', null))),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('NotificationOutbox as o')
            .select('o.id')
            .where('o.doneAt', 'is', null)
            .where((o) => o.or([o('o.requestId', '=', o.ref('r.id')), o('o.incidentId', '=', o.ref('r.incidentId'))])),
        ),
      ),
    )
    .orderBy('r.createdAt')
    .execute();
  return rows.map((r) => ({ id: r.id, createdAt: r.createdAt, closedAt: r.closedAt! }));
}

/** Moves one request's rows: its own, its incident's, their trail, order, notifications and outbox events. */
export async function moveRequest(db: Database, requestId: string, filed: Date, closed: Date, start: Date, stretch: number): Promise<void> {
  const col = (column: string) => sql.ref(column);
  const map = (column: string) =>
    sql`${col(column)} = ${start}::timestamptz + least(${col(column)} - ${filed}::timestamptz, ${closed}::timestamptz - ${filed}::timestamptz) * ${stretch}::float8
      + greatest(${col(column)} - ${closed}::timestamptz, interval '0')`;
  const span = (closed.getTime() - filed.getTime()) / 1000;
  const seconds = (column: string) =>
    sql`${col(column)} = round(least(${col(column)}, ${span}::float8) * ${stretch}::float8 + greatest(${col(column)} - ${span}::float8, 0))`;
  const incidents = sql`(select "id" from "Incident" where "requestId" = ${requestId}::uuid)`;
  await db.transaction().execute(async (trx) => {
    await sql`update "ServiceRequest" set ${map('createdAt')}, ${map('updatedAt')}, ${map('closedAt')} where "id" = ${requestId}::uuid`.execute(trx);
    await sql`update "Incident" set ${map('createdAt')}, ${map('updatedAt')}, ${map('closedAt')}, ${map('resolvedAt')}, ${map('firstResponseAt')},
      ${map('responseDueAt')}, ${map('resolutionDueAt')} where "requestId" = ${requestId}::uuid`.execute(trx);
    for (const table of ['IncidentTransition', 'Comment', 'Attachment', 'Notification', 'NotificationAttempt'])
      await sql`update ${sql.table(table)} set ${map('createdAt')} where "incidentId" in ${incidents}`.execute(trx);
    await sql`update "AuditEntry" set ${map('createdAt')} where "incidentId" in ${incidents} or "entityId" = ${requestId}`.execute(trx);
    await sql`update "ExternalOrder" set ${map('createdAt')}, ${map('closedAt')} where "requestId" = ${requestId}::uuid`.execute(trx);
    await sql`update "IncidentEvent" set ${map('occurredAt')}, ${map('slaDueAt')},
      ${seconds('secondsSinceFiled')}, ${seconds('resolutionSeconds')}
      where "requestId" = ${requestId}::uuid and "shippedAt" is null`.execute(trx);
  });
}
