// The chat's analytics outbox (ChatEvent): one row per accept, first answer and close of a
// conversation, written in the transaction of that change, with its agent and its time in
// seconds read from the conversation's row in the same statement; shipped to ClickHouse
// (chat_events) by the analytics relay (analytics/chatRelay.ts). The key makes a retried change
// record its event once.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../infra/db';

export const CHAT_EVENT_TYPES = ['chat.accepted', 'chat.first_response', 'chat.closed'] as const;
export type ChatEventType = (typeof CHAT_EVENT_TYPES)[number];

const seconds = (to: string, from: string) => sql<number | null>`extract(epoch from (${sql.ref(to)} - ${sql.ref(from)}))::int`;

/**
 * chat.accepted: the agent who accepted it, seconds waiting (start to accept; a chat accepted
 * again after a hand-over is a new event, keyed by its accept time); chat.first_response: the
 * answering agent, seconds from the start to the first answer; chat.closed: the agent who held
 * it, seconds handling (accept to close; null when nobody accepted it).
 */
export async function recordChatEvent(db: Database, type: ChatEventType, conversationId: string): Promise<void> {
  const [key, agent, time] =
    type === 'chat.accepted'
      ? [
          sql<string>`concat('chat.accepted:', v.id, ':', floor(extract(epoch from v."acceptedAt") * 1000))`,
          sql<string | null>`v."assigneeId"`,
          seconds('v.acceptedAt', 'v.createdAt'),
        ]
      : type === 'chat.first_response'
        ? [sql<string>`concat('chat.first_response:', v.id)`, sql<string | null>`v."assigneeId"`, seconds('v.firstResponseAt', 'v.createdAt')]
        : [sql<string>`concat('chat.closed:', v.id)`, sql<string | null>`v."assigneeId"`, seconds('v.closedAt', 'v.acceptedAt')];
  await db
    .insertInto('ChatEvent')
    .columns(['id', 'key', 'type', 'conversationId', 'departmentId', 'agentId', 'seconds'])
    .expression(
      db
        .selectFrom('Conversation as v')
        .select([
          sql<string>`${randomUUID()}::uuid`.as('id'),
          key.as('key'),
          sql<string>`${type}::text`.as('type'),
          'v.id as conversationId',
          'v.departmentId',
          agent.as('agentId'),
          time.as('seconds'),
        ])
        .where('v.id', '=', conversationId),
    )
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/** Events not shipped yet, oldest first. */
export const pendingChatEvents = (db: Database, limit: number) =>
  db.selectFrom('ChatEvent').selectAll().where('shippedAt', 'is', null).orderBy('occurredAt', 'asc').orderBy('id', 'asc').limit(limit).execute();
export type ChatEventRow = Awaited<ReturnType<typeof pendingChatEvents>>[number];

export async function markChatEventsShipped(db: Database, ids: string[]): Promise<void> {
  await db
    .updateTable('ChatEvent')
    .set({ shippedAt: new Date() })
    .where(sql<boolean>`id = ANY(${ids}::uuid[])`)
    .execute();
}
