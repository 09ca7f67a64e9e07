// The finished requests whose workflow histories the replay test keeps: the newest of each path
// through the process.
import { sql } from 'kysely';
import type { Database } from '../infra/db';

const ORDER_REJECTED = 'order could not be created%';
// The last create attempt timed out (the provider's AbortSignal): the order is cancelled by key.
const ORDER_TIMED_OUT = 'order could not be created%due to timeout%';

export async function newestRequestOfEachPath(db: Database): Promise<{ name: string; id: string }[]> {
  const newest = (name: string) =>
    db
      .selectFrom('ServiceRequest as r')
      .leftJoin('Incident as i', 'i.id', 'r.incidentId')
      .select([sql.lit(name).as('name'), 'r.id'])
      .orderBy('r.createdAt', 'desc')
      .limit(1);
  const rows = await Promise.all([
    newest('reopened-then-closed').where('r.status', '=', 'CLOSED').where('i.reopenCount', '>', 0).where('i.status', '=', 'CLOSED').executeTakeFirst(),
    newest('order-rejected').where('r.closeReason', 'like', ORDER_REJECTED).where('r.closeReason', 'not like', ORDER_TIMED_OUT).executeTakeFirst(),
    newest('order-timed-out').where('r.closeReason', 'like', ORDER_TIMED_OUT).executeTakeFirst(),
    newest('unlinked').where('i.unlinked', '=', true).executeTakeFirst(),
    newest('sla-breached').where('i.responseBreached', '=', true).where('i.resolutionBreached', '=', true).executeTakeFirst(),
    newest('closed-by-hand')
      .where('r.status', '=', 'CLOSED')
      .where('r.incidentId', 'is', null)
      .where((eb) => eb.or([eb('r.closeReason', 'is', null), eb('r.closeReason', 'not like', ORDER_REJECTED)]))
      .executeTakeFirst(),
    // Its incident cancelled with a reason: the request given up, its order cancelled (patch "incident-cancel").
    newest('cancelled').where('i.status', '=', 'CANCELLED').executeTakeFirst(),
    // Edited by an admin during intake, then routed again to its incident (patch "request-edit").
    newest('edited')
      .where('r.incidentId', 'is not', null)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('AuditEntry as a')
            .select('a.id')
            .whereRef('a.entityId', '=', sql<string>`r.id::text`)
            .where('a.action', '=', 'request.edited'),
        ),
      )
      .executeTakeFirst(),
    // A mass incident resolved with requests linked to it (patch "mass-incident"), and one of them, resolved by it.
    newest('mass-parent')
      .where('i.massSince', 'is not', null)
      .where('i.status', 'in', ['RESOLVED', 'CLOSED'])
      .where(({ exists, selectFrom }) => exists(selectFrom('MassIncidentChild as m').select('m.requestId').whereRef('m.parentIncidentId', '=', 'i.id')))
      .executeTakeFirst(),
    newest('mass-child')
      .where('i.status', 'in', ['RESOLVED', 'CLOSED'])
      .where(({ exists, selectFrom }) => exists(selectFrom('MassIncidentChild as m').select('m.requestId').whereRef('m.requestId', '=', 'r.id')))
      .executeTakeFirst(),
  ]);
  return rows.filter((r): r is { name: string; id: string } => r !== undefined);
}

/**
 * The chat's distribution (chatConversationWorkflow): the newest closed conversation of each
 * path, `escalated` (offers lapsed, the supervisors told, closed) and `handed-over` (accepted,
 * its agent clocked out, offered again, closed unaccepted). Workflow id chat-<conversation id>.
 */
export async function newestChatOfEachPath(db: Database): Promise<{ name: string; id: string }[]> {
  const newest = (name: string) =>
    db
      .selectFrom('Conversation as v')
      .select([sql<string>`${name}`.as('name'), sql<string>`'chat-' || v.id::text`.as('id')])
      .where('v.status', '=', 'CLOSED')
      .orderBy('v.createdAt', 'desc')
      .limit(1);
  const rows = await Promise.all([
    newest('escalated').where('v.escalatedAt', 'is not', null).executeTakeFirst(),
    newest('handed-over').where('v.acceptedAt', 'is not', null).where('v.assigneeId', 'is', null).executeTakeFirst(),
  ]);
  return rows.filter((r): r is { name: string; id: string } => r !== undefined);
}
