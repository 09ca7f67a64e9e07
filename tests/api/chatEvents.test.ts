// The chat's statistics as ClickHouse events (docs/chat.md, "Statistics"): an accept, the first
// answer and the close of a conversation each record one event in the transaction of the change,
// with its agent and seconds (waiting, to the first answer, handling); a retried change records
// nothing twice; the analytics relay ships them to ClickHouse (the outbox row marked shipped).
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { chatOpen, visitorWithConversation } from '../support/chat';
import { openDb } from '../support/db';

const db = openDb();
afterAll(() => db.$disconnect());
beforeAll(async () => {
  await chatOpen();
  await api('olga', 'POST', '/api/chat/shift/clock-out', {});
});

test('accept, first answer and close record one event each, with the agent and seconds, shipped to ClickHouse', async () => {
  const v = await visitorWithConversation();
  const id = v.conversationId;
  const accepted = await api('olga', 'POST', `/api/chat/conversations/${id}/accept`, {});
  expect(accepted.status).toBe(200);
  expect((await api('olga', 'POST', `/api/chat/conversations/${id}/accept`, {})).status).toBe(200); // again: nothing new
  const olga = accepted.body.conversation.assigneeId as string;
  for (const body of ['first', 'second'])
    expect((await api('olga', 'POST', `/api/chat/conversations/${id}/messages`, { clientMessageId: randomUUID(), body })).status).toBe(201);
  expect((await api('olga', 'POST', `/api/chat/conversations/${id}/close`, { reason: 'resolved' })).status).toBe(200);
  expect((await api('olga', 'POST', `/api/chat/conversations/${id}/close`, { reason: 'resolved' })).status).toBe(200);

  const row = await db.conversation.findUniqueOrThrow({ where: { id } });
  const events = await db.chatEvent.findMany({ where: { conversationId: id }, orderBy: { occurredAt: 'asc' } });
  const secondsBetween = (to: Date | null, from: Date | null) => Math.trunc((to!.getTime() - from!.getTime()) / 1000);
  expect(events.map((e) => [e.type, e.agentId, e.departmentId])).toEqual([
    ['chat.accepted', olga, row.departmentId],
    ['chat.first_response', olga, row.departmentId],
    ['chat.closed', olga, row.departmentId],
  ]);
  // Postgres rounds the interval where the test truncates: within a second of the row's times.
  const near = (got: number | null, want: number) => expect(Math.abs(got! - want)).toBeLessThanOrEqual(1);
  near(events[0]!.seconds, secondsBetween(row.acceptedAt, row.createdAt));
  near(events[1]!.seconds, secondsBetween(row.firstResponseAt, row.createdAt));
  near(events[2]!.seconds, secondsBetween(row.closedAt, row.acceptedAt));

  // The relay ships them (it runs every few seconds; ClickHouse took them when shippedAt is set).
  let shipped = 0;
  for (let i = 0; i < 300 && shipped < 3; i++) {
    shipped = await db.chatEvent.count({ where: { conversationId: id, shippedAt: { not: null } } });
    if (shipped < 3) await new Promise((r) => setTimeout(r, 100));
  }
  expect(shipped).toBe(3);
});

test('a chat closed without an accept records its close without an agent or handling time', async () => {
  const v = await visitorWithConversation();
  expect((await api('admin', 'POST', `/api/chat/conversations/${v.conversationId}/close`, { reason: 'spam' })).status).toBe(200);
  const events = await db.chatEvent.findMany({ where: { conversationId: v.conversationId } });
  expect(events.map((e) => [e.type, e.agentId, e.seconds])).toEqual([['chat.closed', null, null]]);
});
