// The chat report against the real stack, in a department of its own: an agent on shift accepts
// a chat, answers and closes it; a second chat is closed before anyone accepts (missed). The
// department's supervisor reads the agent's shift time, the chat handled with its times, and
// the totals; the supervisor of another department does not see the agent; an agent may not
// read the report; a period ending before it starts is refused at the field "to".
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { chatOpen, newVisitor, visitorSays } from '../support/chat';
import { openDb } from '../support/db';
import { staffInKeycloak } from '../support/keycloak';
import { letterMarker } from '../support/marker';
import { waitFor } from '../support/processes';

const db = openDb();
const marker = letterMarker('chr');
const today = new Date().toISOString().slice(0, 10);
const agentName = `${marker}agent`;
const bossName = `${marker}boss`;
let department: { id: string; code: string };
let agentId: string;

beforeAll(async () => {
  await chatOpen();
  department = await db.department.create({ data: { code: marker, name: `Chat report ${marker}` }, select: { id: true, code: true } });
  agentId = await staffInKeycloak(db, agentName, ['agent', 'user'], department);
  await staffInKeycloak(db, bossName, ['supervisor', 'agent', 'user'], department);
});
afterAll(async () => {
  await api(agentName, 'POST', '/api/chat/shift/clock-out', {});
  await db.$disconnect();
});

async function startChat(): Promise<{ id: string; visitor: Awaited<ReturnType<typeof newVisitor>> }> {
  const visitor = await newVisitor({ name: 'Report visitor' });
  const res = await api(null, 'POST', '/api/chat/visitor/conversations', { department: department.code }, visitor.headers);
  expect(res.status).toBe(201);
  return { id: res.body.conversation.id, visitor };
}

test("a supervisor reads their agent's shift and chats; the totals count a missed chat", async () => {
  expect((await api(agentName, 'POST', '/api/chat/shift/clock-in', {})).status).toBe(200);
  const handled = await startChat();
  expect((await visitorSays(handled.visitor, handled.id, 'My laptop will not start')).status).toBe(201);
  await waitFor('the offer to the agent', async () => (await db.conversation.findUniqueOrThrow({ where: { id: handled.id } })).offeredToId === agentId, 30_000);
  expect((await api(agentName, 'POST', `/api/chat/conversations/${handled.id}/accept`)).status).toBe(200);
  const answer = await api(agentName, 'POST', `/api/chat/conversations/${handled.id}/messages`, {
    clientMessageId: randomUUID(),
    body: 'Hold the power button for 10 s',
  });
  expect(answer.status).toBe(201);
  expect((await api(agentName, 'POST', `/api/chat/conversations/${handled.id}/close`, { reason: 'resolved' })).status).toBe(200);
  // The agent pauses, so the second chat waits for nobody; an admin closes it unanswered.
  expect((await api(agentName, 'POST', '/api/chat/shift/pause', {})).status).toBe(200);
  const missed = await startChat();
  expect((await api('admin', 'POST', `/api/chat/conversations/${missed.id}/close`, { reason: 'visitor left' })).status).toBe(200);

  const res = await api(bossName, 'GET', `/api/reports/chat?from=${today}&to=${today}`);
  expect(res.status).toBe(200);
  const row = res.body.agents.find((a: { employeeId: string }) => a.employeeId === agentId);
  expect(row).toMatchObject({ handled: 1, open: 0 });
  expect(row.shiftSeconds).toBeGreaterThanOrEqual(0);
  for (const time of ['firstResponseSeconds', 'handlingSeconds', 'waitingSeconds']) expect(row[time]).toBeGreaterThanOrEqual(0);
  // The supervisor's scope is their department: its two chats, one handled and one missed.
  expect(res.body.overall).toMatchObject({ started: 2, handled: 1, missed: 1, waitingNow: 0 });
  const stored = await db.conversation.findUniqueOrThrow({ where: { id: handled.id } });
  expect(row.waitingSeconds).toBe(Math.round((stored.acceptedAt!.getTime() - stored.createdAt.getTime()) / 1000));
});

test("another department's supervisor does not see the agent; an agent may not read the report", async () => {
  const res = await api('sergey', 'GET', `/api/reports/chat?from=${today}&to=${today}`);
  expect(res.status).toBe(200);
  expect(res.body.agents.map((a: { employeeId: string }) => a.employeeId)).not.toContain(agentId);
  expect((await api(agentName, 'GET', `/api/reports/chat?from=${today}&to=${today}`)).status).toBe(403);
});

test('a period ending before it starts, or a day that does not exist, names its field', async () => {
  const backwards = await api('admin', 'GET', '/api/reports/chat?from=2026-02-02&to=2026-02-01');
  expect(backwards.status).toBe(400);
  expect(backwards.contentType).toContain('application/problem+json');
  expect(backwards.body.errors.map((e: { field: string }) => e.field)).toEqual(['to']);
  const noDay = await api('admin', 'GET', '/api/reports/chat?from=2026-02-30&to=2026-03-01');
  expect(noDay.status).toBe(400);
  expect(noDay.body.errors.map((e: { field: string }) => e.field)).toEqual(['from']);
});
