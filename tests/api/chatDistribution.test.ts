// The chat's distribution (issue 15): one Temporal workflow per conversation offers it to an agent
// on shift in its department with a free place, oldest first, by the fairness rule of incident
// assignment; an agent clocking out hands their chats to the others; an offer nobody accepts goes
// to the next agent, and a chat nobody takes escalates to the department's supervisors.
// Each test works in departments of its own (a marker), with agents of its own in Keycloak.
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { chatOpen, newVisitor } from '../support/chat';
import { openDb } from '../support/db';
import { staffInKeycloak } from '../support/keycloak';
import { letterMarker } from '../support/marker';
import { waitFor } from '../support/processes';

const db = openDb();
const CAPACITY = 3;
const marker = letterMarker('chd');

/** Starts a visitor's conversation in the department: its id. */
async function startChat(department: string): Promise<string> {
  const v = await newVisitor({ name: `Visitor ${randomUUID().slice(0, 4)}` });
  const res = await api(null, 'POST', '/api/chat/visitor/conversations', { department }, v.headers);
  if (res.status !== 201) throw new Error(`start: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.conversation.id;
}

const chatsOf = (departmentId: string) =>
  db.conversation.findMany({ where: { departmentId, status: { not: 'CLOSED' } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
const holder = (c: { offeredToId: string | null; assigneeId: string | null }) => c.offeredToId ?? c.assigneeId;

afterAll(async () => {
  // Back to the settings the other chat suites set for themselves (chat.ts, chatOpen).
  await chatOpen();
  await db.$disconnect();
});

describe('fifty chats over five agents', () => {
  let department: { id: string; code: string };
  const agents: { username: string; id: string }[] = [];
  let chats: string[] = [];

  beforeAll(async () => {
    // Offers must not lapse while the test looks (an hour), and nothing escalates (a day).
    await chatOpen({ capacity: CAPACITY, acceptSeconds: 3600, escalateSeconds: 86_400 });
    department = await db.department.create({ data: { code: marker, name: `Chat distribution ${marker}` }, select: { id: true, code: true } });
    for (let i = 0; i < 5; i++) {
      const username = `${marker}agent${String.fromCharCode(97 + i)}`;
      agents.push({ username, id: await staffInKeycloak(db, username, ['agent', 'user'], department) });
    }
  });

  afterAll(async () => {
    for (const a of agents) await api(a.username, 'POST', '/api/chat/shift/clock-out', {});
    // Closed, their workflows end (an open one would look at its row every minute for the rest of the run).
    for (const c of await chatsOf(department.id)) await api('admin', 'POST', `/api/chat/conversations/${c.id}/close`, { reason: 'test over' });
  });

  test('spread within capacity and oldest first; clocking out hands the agent chats to the others, oldest first', async () => {
    // Fifty visitors start at once while nobody is on shift: all wait.
    chats = await Promise.all(Array.from({ length: 50 }, () => startChat(department.code)));
    expect(new Set(chats).size).toBe(50);
    // The five agents clock in at once: their places (5 x 3) go to the fifteen oldest.
    const shifts = await Promise.all(agents.map((a) => api(a.username, 'POST', '/api/chat/shift/clock-in', {})));
    expect(shifts.map((s) => [s.status, s.body.onShift, s.body.capacity])).toEqual(agents.map(() => [200, true, CAPACITY]));
    const offered = await waitFor(
      'fifteen offers',
      async () => {
        const rows = await chatsOf(department.id);
        return rows.filter((c) => c.offeredToId).length === 15 && rows;
      },
      60_000,
    );
    expect(offered).toHaveLength(50);
    // The fifteen oldest hold the offers, the thirty-five younger wait; each agent has exactly 3.
    expect(offered.slice(0, 15).every((c) => c.offeredToId && c.status === 'WAITING')).toBe(true);
    expect(offered.slice(15).every((c) => c.offeredToId === null && c.assigneeId === null)).toBe(true);
    const perAgent = (rows: typeof offered) => agents.map((a) => rows.filter((c) => holder(c) === a.id).length);
    expect(perAgent(offered)).toEqual([3, 3, 3, 3, 3]);
    // Each agent sees their offers in their inbox ("mine").
    const mine = await api(agents[0]!.username, 'GET', '/api/chat/conversations?view=mine');
    expect(mine.body.items.map((c: any) => c.offeredToId)).toEqual([agents[0]!.id, agents[0]!.id, agents[0]!.id]);

    // Agent a accepts one offer, agent b one too; the rest stay offered.
    const [a, b, c, d] = agents as [(typeof agents)[0], (typeof agents)[0], (typeof agents)[0], (typeof agents)[0]];
    const ofA = offered.filter((x) => x.offeredToId === a.id).map((x) => x.id);
    expect((await api(a.username, 'POST', `/api/chat/conversations/${ofA[0]}/accept`, {})).body.conversation).toMatchObject({
      status: 'ACTIVE',
      assigneeId: a.id,
    });
    const ofB = offered.filter((x) => x.offeredToId === b.id).map((x) => x.id);
    expect((await api(b.username, 'POST', `/api/chat/conversations/${ofB[0]}/accept`, {})).status).toBe(200);

    // Agent a clocks out: their three chats go back to the queue; nobody has a place, so they wait.
    const out = await api(a.username, 'POST', '/api/chat/shift/clock-out', {});
    expect(out.body).toMatchObject({ onShift: false, handedOver: 3 });
    // b, c and d each close one chat: the three places go to a's former chats, the oldest waiting.
    const ofC = offered.filter((x) => x.offeredToId === c.id).map((x) => x.id);
    const ofD = offered.filter((x) => x.offeredToId === d.id).map((x) => x.id);
    for (const id of [ofB[0], ofC[0], ofD[0]])
      expect((await api('admin', 'POST', `/api/chat/conversations/${id}/close`, { reason: 'resolved' })).status).toBe(200);
    const after = await waitFor(
      "a's chats handed over",
      async () => {
        const rows = await db.conversation.findMany({ where: { id: { in: ofA } } });
        return rows.every((x) => x.offeredToId && x.offeredToId !== a.id) && rows;
      },
      60_000,
    );
    expect(new Set(after.map((x) => x.offeredToId))).toEqual(new Set([b.id, c.id, d.id]));
    expect(after.every((x) => x.status === 'WAITING' && x.assigneeId === null)).toBe(true);
    // Nobody is over capacity, and the thirty-five younger chats still wait unoffered.
    const now = await chatsOf(department.id);
    expect(perAgent(now)).toEqual([0, 3, 3, 3, 3]);
    expect(now.filter((x) => chats.indexOf(x.id) >= 0 && !holder(x)).map((x) => x.id)).toEqual(offered.slice(15).map((x) => x.id));
  });
});

test('an offer nobody accepts goes to the next agent; a chat nobody takes escalates to the supervisors', async () => {
  const code = `${marker}esc`;
  const department = await db.department.create({ data: { code, name: `Chat escalation ${marker}` }, select: { id: true, code: true } });
  // Two agents on shift (rows: the offers need no sign-in) and the department's supervisor.
  const [x, y, boss] = ['x', 'y', 'boss'].map((s) => `${code}${s}`);
  for (const [id, roles] of [
    [x, ['agent']],
    [y, ['agent']],
    [boss, ['supervisor', 'agent']],
  ] as const) {
    await db.employee.create({ data: { id: id!, username: id!, email: `${id}@staff.example`, fullName: id!, roles: [...roles], departmentId: department.id } });
  }
  await db.agentShift.createMany({ data: [x!, y!].map((employeeId) => ({ id: randomUUID(), employeeId })) });
  // The shortest timers the settings allow: 5 s to accept, 10 s to escalation.
  await chatOpen({ acceptSeconds: 5, escalateSeconds: 10 });
  const id = await startChat(code);
  const first = await waitFor('an offer', async () => (await db.conversation.findUniqueOrThrow({ where: { id } })).offeredToId, 30_000);
  expect([x, y]).toContain(first);
  const second = await waitFor(
    'the offer to the next agent',
    async () => {
      const to = (await db.conversation.findUniqueOrThrow({ where: { id } })).offeredToId;
      return to && to !== first && to;
    },
    30_000,
  );
  expect([x, y].filter((a) => a !== first)).toEqual([second]);
  const escalated = await waitFor('the escalation', async () => (await db.conversation.findUniqueOrThrow({ where: { id } })).escalatedAt, 60_000);
  expect(escalated).toBeInstanceOf(Date);
  const told = await waitFor('the supervisor told', () => db.notification.findFirst({ where: { key: { startsWith: `chat-escalated:${id}:` } } }), 30_000);
  expect(told).toMatchObject({ template: 'chat-escalated', recipient: `${boss}@staff.example` });
  // The mark is on the conversation as staff see it; then the supervisor closes it and its workflow ends.
  expect((await api('admin', 'GET', `/api/chat/conversations/${id}`)).body.conversation.escalatedAt).toEqual(escalated.toISOString());
  await chatOpen();
  await db.agentShift.updateMany({ where: { employeeId: { in: [x!, y!] } }, data: { endedAt: new Date() } });
  expect((await api('admin', 'POST', `/api/chat/conversations/${id}/close`, { reason: 'test over' })).status).toBe(200);
});
