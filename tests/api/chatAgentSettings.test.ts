// Each agent's own chat settings (issue 15, "personal settings"): read and written by the
// signed-in person only (the actor is the key: no call names another person), bad input a 400
// naming the field with nothing written, and the signature the server appends to the agent's
// replies, once, whatever client sent them (HTTP or the socket), a resend included.
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { ChatSocket, visitorChat } from '../support/chat';
import { openDb } from '../support/db';
import { staffInKeycloak } from '../support/keycloak';
import { letterMarker } from '../support/marker';

const db = openDb();
const marker = letterMarker('cas');
const anna = `${marker}anna`;
const boris = `${marker}boris`;
let department: { id: string; code: string };
let borisId: string;
const DEFAULTS = { soundNewChat: true, soundNewMessage: true, notifyNewChats: false, signature: '' };
const URL = '/api/chat/me/settings';

beforeAll(async () => {
  department = await db.department.create({ data: { code: marker, name: `Chat settings ${marker}` }, select: { id: true, code: true } });
  await staffInKeycloak(db, anna, ['agent', 'user'], department);
  borisId = await staffInKeycloak(db, boris, ['agent', 'user'], department);
});

afterAll(async () => {
  for (const c of await db.conversation.findMany({ where: { departmentId: department.id, status: { not: 'CLOSED' } } }))
    await api('admin', 'POST', `/api/chat/conversations/${c.id}/close`, { reason: 'test over' });
  await db.$disconnect();
});

test('each agent reads and changes only their own settings; another agent neither sees nor changes them', async () => {
  expect((await api(anna, 'GET', URL)).body).toEqual(DEFAULTS);
  const saved = await api(anna, 'PUT', URL, { signature: '  Anna, support  ', soundNewChat: false });
  expect([saved.status, saved.body]).toEqual([200, { ...DEFAULTS, soundNewChat: false, signature: 'Anna, support' }]);
  // Only the fields given change.
  expect((await api(anna, 'PUT', URL, { notifyNewChats: true })).body).toEqual({
    ...DEFAULTS,
    soundNewChat: false,
    notifyNewChats: true,
    signature: 'Anna, support',
  });
  // Boris gets his own (the defaults), and his change is his.
  expect((await api(boris, 'GET', URL)).body).toEqual(DEFAULTS);
  expect((await api(boris, 'PUT', URL, { signature: 'Boris' })).status).toBe(200);
  const annas = (await api(anna, 'GET', URL)).body;
  expect(annas.signature).toBe('Anna, support');
  // Naming another person is not a way in: the field does not exist.
  const foreign = await api(boris, 'PUT', URL, { employeeId: (await db.employee.findFirstOrThrow({ where: { username: anna } })).id, signature: 'x' });
  expect([foreign.status, foreign.body.errors?.[0]?.field]).toEqual([400, 'employeeId']);
  expect((await api(anna, 'GET', URL)).body).toEqual(annas);
  expect((await db.chatAgentSettings.findUniqueOrThrow({ where: { employeeId: borisId } })).signature).toBe('Boris');
  // A requester is not staff.
  expect((await api('ivan', 'GET', URL)).status).toBe(403);
  expect((await api('ivan', 'PUT', URL, { signature: 'x' })).status).toBe(403);
});

test('bad input is a 400 problem naming the field, and nothing of it is written', async () => {
  const before = (await api(anna, 'GET', URL)).body;
  for (const [body, field] of [
    [{ signature: 'x'.repeat(201) }, 'signature'],
    [{ signature: 'two\nlines' }, 'signature'],
    [{ soundNewChat: 'yes' }, 'soundNewChat'],
    [{ notifyNewChats: null }, 'notifyNewChats'],
    // One bad field refuses the whole change: the good one is not written either.
    [{ soundNewMessage: false, signature: 42 }, 'signature'],
  ] as const) {
    const res = await api(anna, 'PUT', URL, body);
    expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, field]);
    expect(res.contentType).toContain('application/problem+json');
  }
  expect((await api(anna, 'GET', URL)).body).toEqual(before);
});

test("the server appends the agent's signature to each text reply once: HTTP, a resend, the socket, a reply already signed", async () => {
  expect((await api(anna, 'PUT', URL, { signature: `Anna, support ${marker}` })).status).toBe(200);
  const signature = `Anna, support ${marker}`;
  const chat = await visitorChat(department.code, `Visitor ${marker}`);
  expect((await api(anna, 'POST', `/api/chat/conversations/${chat.id}/accept`, {})).status).toBe(200);

  const clientMessageId = randomUUID();
  const since = chat.socket.frames.length;
  const sent = await api(anna, 'POST', `/api/chat/conversations/${chat.id}/messages`, { clientMessageId, body: 'Restart the router' });
  expect([sent.status, sent.body.message.body]).toEqual([201, `Restart the router\n\n${signature}`]);
  // The visitor receives it signed.
  const frame = await chat.socket.next((f) => f.type === 'message' && f.message.author === 'agent', since);
  expect(frame.message.body).toBe(`Restart the router\n\n${signature}`);
  // A resend is the stored message: signed once, not again.
  const resent = await api(anna, 'POST', `/api/chat/conversations/${chat.id}/messages`, { clientMessageId, body: 'Restart the router' });
  expect([resent.status, resent.body.message.body]).toEqual([200, `Restart the router\n\n${signature}`]);
  // A reply that already ends with the signature (typed, or a client that signs too) keeps one.
  const typed = await api(anna, 'POST', `/api/chat/conversations/${chat.id}/messages`, { clientMessageId: randomUUID(), body: `Done?\n${signature}` });
  expect(typed.body.message.body).toBe(`Done?\n${signature}`);
  // Over the agent's socket the same.
  const socket = await ChatSocket.open({ user: anna });
  const overSocket = randomUUID();
  socket.send({ type: 'message', conversationId: chat.id, clientMessageId: overSocket, body: 'Over the socket' });
  const ack = await socket.next((f) => f.type === 'ack' && f.clientMessageId === overSocket);
  expect(ack.message.body).toBe(`Over the socket\n\n${signature}`);
  await socket.close();

  const history = await api(null, 'GET', `/api/chat/visitor/conversations/${chat.id}`, undefined, { 'X-Chat-Visitor': chat.token });
  const agentBodies = history.body.messages.filter((m: any) => m.author === 'agent').map((m: any) => m.body);
  expect(agentBodies).toEqual([`Restart the router\n\n${signature}`, `Done?\n${signature}`, `Over the socket\n\n${signature}`]);
  await chat.socket.close();
});
