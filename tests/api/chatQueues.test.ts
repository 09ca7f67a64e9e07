// Who sees which chat queue (issue 15, admin settings): an admin opens a department's queue to
// another department; that department's agents and supervisors then see its waiting chats and
// its agents on shift receive them from the distribution; before and after, they get 404. A
// refused membership names its field and changes nothing. Departments and agents of its own (a marker).
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { chatOpen, newVisitor } from '../support/chat';
import { openDb } from '../support/db';
import { staffInKeycloak } from '../support/keycloak';
import { letterMarker } from '../support/marker';
import { waitFor } from '../support/processes';

const db = openDb();
const marker = letterMarker('chq');
const dept = (suffix: string) =>
  db.department.create({ data: { code: `${marker}${suffix}`, name: `Chat queue ${marker}${suffix}` }, select: { id: true, code: true } });

let queue: { id: string; code: string };
let serving: { id: string; code: string };
let other: { id: string; code: string };
const agent = `${marker}agent`;
const lead = `${marker}lead`;
const stranger = `${marker}stranger`;
let agentId = '';
let before: unknown[] = [];
const started: string[] = [];

async function startChat(department: string): Promise<string> {
  const v = await newVisitor({ name: `Visitor ${randomUUID().slice(0, 4)}` });
  const res = await api(null, 'POST', '/api/chat/visitor/conversations', { department }, v.headers);
  if (res.status !== 201) throw new Error(`start: ${res.status} ${JSON.stringify(res.body)}`);
  started.push(res.body.conversation.id);
  return res.body.conversation.id;
}

/** Saves the settings as they are with these queue memberships. */
async function saveQueues(queues: unknown[]) {
  const current = await api('admin', 'GET', '/api/admin/chat-settings');
  return api('admin', 'PUT', '/api/admin/chat-settings', { ...current.body, queues });
}

const sees = async (user: string, id: string) => (await api(user, 'GET', `/api/chat/conversations/${id}`)).status;
const waitingOf = async (user: string) => ((await api(user, 'GET', '/api/chat/conversations?view=waiting')).body.items as { id: string }[]).map((c) => c.id);

beforeAll(async () => {
  // Offers must not lapse while the test looks (an hour), and nothing escalates (a day).
  await chatOpen({ acceptSeconds: 3600, escalateSeconds: 86_400 });
  [queue, serving, other] = [await dept('q'), await dept('s'), await dept('o')];
  agentId = await staffInKeycloak(db, agent, ['agent', 'user'], serving);
  await staffInKeycloak(db, lead, ['supervisor', 'agent', 'user'], serving);
  await staffInKeycloak(db, stranger, ['agent', 'user'], other);
  before = (await api('admin', 'GET', '/api/admin/chat-settings')).body.queues;
});

afterAll(async () => {
  await saveQueues(before);
  await api(agent, 'POST', '/api/chat/shift/clock-out', {});
  // Closed, their workflows end.
  for (const id of started) await api('admin', 'POST', `/api/chat/conversations/${id}/close`, { reason: 'test over' });
  await chatOpen();
  await db.$disconnect();
});

test('a refused membership names its field and saves nothing', async () => {
  const unknown = await saveQueues([{ queue: queue.code, departments: [serving.code, `${marker}nope`] }]);
  expect([unknown.status, unknown.headers.get('content-type')]).toEqual([400, expect.stringContaining('application/problem+json')]);
  expect(unknown.body.errors).toEqual([{ field: 'queues.0.departments.1', message: `no department ${marker}nope` }]);
  const own = await saveQueues([{ queue: queue.code, departments: [queue.code] }]);
  expect([own.status, own.body.errors[0].field]).toEqual([400, 'queues.0.departments.0']);
  const twice = await saveQueues([
    { queue: queue.code, departments: [serving.code] },
    { queue: queue.code, departments: [other.code] },
  ]);
  expect([twice.status, twice.body.errors[0].field]).toEqual([400, 'queues.1.queue']);
  expect((await api('admin', 'GET', '/api/admin/chat-settings')).body.queues).toEqual(before);
  expect(await db.chatQueueMember.count({ where: { queueId: queue.id } })).toBe(0);
  // Only admins change it; supervisors read.
  expect((await api(lead, 'PUT', '/api/admin/chat-settings', (await api('admin', 'GET', '/api/admin/chat-settings')).body)).status).toBe(403);
});

test('an opened queue is seen and served by the other department; closed again, its new chats are not', async () => {
  const first = await startChat(queue.code);
  expect([await sees(agent, first), await sees(lead, first), await sees(stranger, first)]).toEqual([404, 404, 404]);
  expect(await waitingOf(agent)).not.toContain(first);

  const saved = await saveQueues([...(before as object[]), { queue: queue.code, departments: [serving.code] }]);
  expect(saved.status).toBe(200);
  expect(saved.body.queues).toContainEqual({ queue: queue.code, departments: [serving.code] });
  expect(await db.chatQueueMember.findMany({ where: { queueId: queue.id }, select: { departmentId: true } })).toEqual([{ departmentId: serving.id }]);
  // The serving department's agent and supervisor see it; a third department still does not.
  expect([await sees(agent, first), await sees(lead, first), await sees(stranger, first)]).toEqual([200, 200, 404]);
  expect(await waitingOf(agent)).toContain(first);
  // Nobody of the queue's own department is on shift: the serving agent's clock-in wakes it and the distribution offers it to them.
  expect((await api(agent, 'POST', '/api/chat/shift/clock-in', {})).status).toBe(200);
  const offered = await waitFor(
    'the offer to the serving agent',
    async () => {
      const c = await db.conversation.findUnique({ where: { id: first } });
      return c?.offeredToId === agentId && c;
    },
    60_000,
  );
  expect(offered.status).toBe('WAITING');
  expect((await api(agent, 'POST', `/api/chat/conversations/${first}/accept`, {})).body.conversation).toMatchObject({ status: 'ACTIVE', assigneeId: agentId });

  // Closed again: a new chat of the queue is not theirs to see; the one they hold stays theirs.
  expect((await saveQueues(before)).status).toBe(200);
  const second = await startChat(queue.code);
  expect([await sees(agent, second), await sees(lead, second)]).toEqual([404, 404]);
  expect(await sees(agent, first)).toBe(200);
});
