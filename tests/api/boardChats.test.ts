// The department board's waiting chats (issue 15: "a chat waiting for no one is visible on the
// department board"): each reader sees the waiting chats of their own reach (the inbox's rule):
// an agent and a supervisor their department's, not a foreign department's; an admin all; a
// requester none (403). Accepted, a chat leaves the board, and a colleague's open socket is told
// so at once (the hub tells a conversation leaving one's sight once more).
import { api } from '../support/api';
import { ChatSocket, visitorChat } from '../support/chat';
import { openDb } from '../support/db';
import { staffInKeycloak } from '../support/keycloak';
import { letterMarker } from '../support/marker';

const db = openDb();
const marker = letterMarker('bch');
const own = { agent: `${marker}agent`, peer: `${marker}peer`, lead: `${marker}lead` };
const foreignLead = `${marker}flead`;
let ownDepartment: { id: string; code: string };
let foreignDepartment: { id: string; code: string };

const ids = async (user: string) => {
  const res = await api(user, 'GET', '/api/board/chats');
  expect(res.status).toBe(200);
  return res.body as { count: number; items: { id: string; visitorName: string; createdAt: string; offered: boolean; escalated: boolean }[] };
};

beforeAll(async () => {
  ownDepartment = await db.department.create({ data: { code: `${marker}o`, name: `Board chats ${marker}` }, select: { id: true, code: true } });
  foreignDepartment = await db.department.create({ data: { code: `${marker}f`, name: `Board chats foreign ${marker}` }, select: { id: true, code: true } });
  await staffInKeycloak(db, own.agent, ['agent', 'user'], ownDepartment);
  await staffInKeycloak(db, own.peer, ['agent', 'user'], ownDepartment);
  await staffInKeycloak(db, own.lead, ['supervisor', 'user'], ownDepartment);
  await staffInKeycloak(db, foreignLead, ['supervisor', 'user'], foreignDepartment);
});

afterAll(async () => {
  for (const c of await db.conversation.findMany({
    where: { departmentId: { in: [ownDepartment.id, foreignDepartment.id] }, status: { not: 'CLOSED' } },
  }))
    await api('admin', 'POST', `/api/chat/conversations/${c.id}/close`, { reason: 'test over' });
  await db.$disconnect();
});

test('own department waiting chats on the board, never a foreign one; accepted, it leaves the board live', async () => {
  // The peer's socket is open before the chats come: the board is live.
  const peerSocket = await ChatSocket.open({ user: own.peer });
  const mine = await visitorChat(ownDepartment.code, `Anna ${marker}`);
  const foreign = await visitorChat(foreignDepartment.code, `Fedor ${marker}`);
  await peerSocket.next((f) => f.type === 'conversation' && f.conversation.id === mine.id);

  const lead = await ids(own.lead);
  expect([lead.count, lead.items.map((c) => c.id)]).toEqual([1, [mine.id]]);
  expect(lead.items[0]).toMatchObject({ visitorName: `Anna ${marker}`, offered: false, escalated: false });
  expect(Date.parse(lead.items[0]!.createdAt)).toBeLessThanOrEqual(Date.now());
  expect((await ids(own.agent)).items.map((c) => c.id)).toEqual([mine.id]);
  expect((await ids(foreignLead)).items.map((c) => c.id)).toEqual([foreign.id]);
  const all = (await ids('admin')).items.map((c) => c.id);
  expect(all).toEqual(expect.arrayContaining([mine.id, foreign.id]));
  // Supervisors of the seed's departments do not see these.
  for (const other of ['elena', 'sergey', 'pavel']) expect((await ids(other)).items.map((c) => c.id)).not.toContain(mine.id);
  expect((await api('ivan', 'GET', '/api/board/chats')).status).toBe(403);

  // Accepted by the agent: off the board, and the peer (who no longer may see it) is told.
  const since = peerSocket.frames.length;
  expect((await api(own.agent, 'POST', `/api/chat/conversations/${mine.id}/accept`, {})).status).toBe(200);
  const left = await peerSocket.next((f) => f.type === 'conversation' && f.conversation.id === mine.id, since);
  expect(left.conversation.status).toBe('ACTIVE');
  expect((await api(own.peer, 'GET', `/api/chat/conversations/${mine.id}`)).status).toBe(404);
  expect(await ids(own.lead)).toEqual({ count: 0, items: [] });
  expect((await ids(own.peer)).count).toBe(0);
  await peerSocket.close();
  await mine.socket.close();
  await foreign.socket.close();
});
