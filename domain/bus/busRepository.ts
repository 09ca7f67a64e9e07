// The bus relay's statements on the outbox (IncidentEvent): the events its broker has not
// confirmed, in the order they were recorded, and marking them published. Its own column
// (busPublishedAt), so the analytics relay's shippedAt and this cursor never interfere.
import { sql } from 'kysely';
import type { Database } from '../../infra/db';

/** Unpublished events, oldest recorded first, with the bus message that filed the request (if any). */
export function unpublishedEvents(db: Database, limit: number) {
  return db
    .selectFrom('IncidentEvent as e')
    .leftJoin('InboundMessage as m', (join) => join.onRef('m.requestId', '=', 'e.requestId').on('m.channel', '=', 'ESB'))
    .select([
      'e.id',
      'e.key',
      'e.type',
      'e.occurredAt',
      'e.requestId',
      'e.incidentId',
      'e.serviceId',
      'e.departmentId',
      'e.clientId',
      'e.channel',
      'e.status',
      'e.priority',
      'e.assigneeId',
      'e.closeReason',
      'e.slaClock',
      'e.slaDueAt',
      'm.channelMessageId as sourceMessageId',
      'm.subject as sourceSubject',
    ])
    .where('e.busPublishedAt', 'is', null)
    .orderBy('e.busSeq', 'asc')
    .limit(limit)
    .execute();
}
export type UnpublishedEvent = Awaited<ReturnType<typeof unpublishedEvents>>[number];

/** Marks the events published (the ids as one array: one statement text for every batch size). */
export async function markPublished(db: Database, ids: string[]): Promise<void> {
  await db
    .updateTable('IncidentEvent')
    .set({ busPublishedAt: new Date() })
    .where(sql<boolean>`id = ANY(${ids}::uuid[])`)
    .execute();
}
