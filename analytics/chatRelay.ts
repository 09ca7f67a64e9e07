// Ships the chat's events from their PostgreSQL outbox (ChatEvent, domain/chat/eventsRepository.ts)
// to ClickHouse chat_events, as relay.ts ships the incidents' (and in its tick): at least once,
// marked shipped only after ClickHouse took them; a repeated batch is dropped by its insert
// deduplication token, any other duplicate collapsed by event id (ReplacingMergeTree, read FINAL).
import type { Database } from '../infra/db';
import type { Analytics } from '../infra/clickhouse';
import { markChatEventsShipped, pendingChatEvents, type ChatEventRow } from '../domain/chat/eventsRepository';
import { batchToken } from './batchToken';

/** An outbox row as a row of chat_events (JSONEachRow). */
export const chatEventRow = (e: ChatEventRow) => ({
  event_id: e.id,
  type: e.type,
  conversation_id: e.conversationId,
  department_id: e.departmentId,
  agent_id: e.agentId ?? '',
  seconds: e.seconds,
  occurred_at: e.occurredAt.getTime(),
});

/** Ships one batch of at most `batch` events; answers how many went. */
export async function shipPendingChatEvents(db: Database, ch: Analytics, store: string, batch: number): Promise<number> {
  const rows = await pendingChatEvents(db, batch);
  if (rows.length === 0) return 0;
  await ch.insert({
    table: `${store}.chat_events`,
    format: 'JSONEachRow',
    values: rows.map(chatEventRow),
    clickhouse_settings: { date_time_input_format: 'best_effort', insert_deduplication_token: `chat:${batchToken(rows)}` },
  });
  await markChatEventsShipped(
    db,
    rows.map((e) => e.id),
  );
  return rows.length;
}
