// The role-aware home (GET /api/home) against the real stack, with real own and foreign
// incidents: an agent sees what is assigned to them and what waits in their department, never
// another department's; a supervisor their department's waiting incidents; a requester their own
// open requests and no staff sections; every count is the section's true count.
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { waitFor } from '../support/processes';
import { OLGA, roomAtOlga } from '../support/agentRoom';
import { OPEN_STATUSES } from '../../domain/process/states';

const db = openDb();
roomAtOlga(db);
afterAll(async () => {
  await db.employee.updateMany({ where: { username: 'pavel' }, data: { onShift: true } });
  await db.$disconnect();
});

type Item = { id: string; dueAt: string | null };
type Section = { count: number; items: Item[] } | null;
const homeOf = async (user: string) => {
  const res = await api(user, 'GET', '/api/home');
  expect(res.status).toBe(200);
  return res.body as { mine: Section; waiting: Section; dueSoon: Section; myRequests: { count: number; items: { id: string }[] } | null; dueSoonHours: number };
};
const ids = (s: Section) => (s?.items ?? []).map((i) => i.id);
const open = { in: [...OPEN_STATUSES] };

/**
 * The home of a user with a database count read just before and just after it, taken when the
 * two agree: workflows of earlier suites go on assigning incidents meanwhile (a full run counted
 * 117 where the home had said 118 a moment before).
 */
async function homeWithCount(user: string, count: () => Promise<number>) {
  for (let attempt = 1; ; attempt++) {
    const before = await count();
    const home = await homeOf(user);
    if ((await count()) === before || attempt === 10) return { home, count: before };
  }
}

async function incidentOf(user: string, serviceCode: string, phone: string) {
  const filed = await api(user, 'POST', '/api/requests', { phone, serviceCode, description: `Home ${randomUUID()}` }, { 'Idempotency-Key': randomUUID() });
  expect(filed.status).toBe(201);
  return waitFor('the incident', () => db.incident.findFirst({ where: { requestId: filed.body.request.id } }), 30000);
}

test("an agent's own incidents, their department's waiting ones, and nothing of another department", async () => {
  const mine = await incidentOf('olga', 'it-laptop', '+74951230001');
  await waitFor('assigned to Olga', async () => (await db.incident.findUnique({ where: { id: mine.id } }))?.assigneeId === OLGA);
  // Nobody on shift in repair: its new incident waits unassigned.
  await db.employee.updateMany({ where: { username: 'pavel' }, data: { onShift: false } });
  const waiting = await incidentOf('elena', 'repair-printer', '+74951230001');

  const { home: olga, count: olgaMine } = await homeWithCount('olga', () => db.incident.count({ where: { assigneeId: OLGA, status: open } }));
  expect(olga.myRequests).toBeNull();
  expect(olga.mine!.count).toBe(olgaMine);
  if (olgaMine <= 10) expect(ids(olga.mine)).toContain(mine.id);
  for (const section of [olga.mine, olga.waiting, olga.dueSoon]) expect(ids(section)).not.toContain(waiting.id);

  const { home: pavel, count: repairWaiting } = await homeWithCount('pavel', () =>
    db.incident.count({ where: { assigneeId: null, status: open, department: { code: 'repair' } } }),
  );
  expect(ids(pavel.waiting).length + ids(pavel.mine).length + ids(pavel.dueSoon).length).toBeGreaterThan(0);
  for (const section of [pavel.mine, pavel.waiting, pavel.dueSoon]) expect(ids(section)).not.toContain(mine.id);
  expect(pavel.waiting!.count).toBe(repairWaiting);
  if (repairWaiting <= 10) expect(ids(pavel.waiting)).toContain(waiting.id);

  // The supervisor of repair sees it waiting too; of IT, not.
  const elena = await homeOf('elena');
  expect(ids(elena.mine)).not.toContain(mine.id);
  if (repairWaiting <= 10) expect(ids(elena.waiting)).toContain(waiting.id);
  const sergey = await homeOf('sergey');
  expect(ids(sergey.waiting)).not.toContain(waiting.id);
});

test('"breaches soon" holds only incidents due within the window or past', async () => {
  const olga = await homeOf('olga');
  const limit = Date.now() + olga.dueSoonHours * 3600_000 + 60_000;
  for (const item of olga.dueSoon!.items) expect(new Date(item.dueAt!).getTime()).toBeLessThanOrEqual(limit);
});

test('a requester sees their own open requests and no staff sections', async () => {
  const filed = await api(
    'ivan',
    'POST',
    '/api/portal/requests',
    { serviceCode: 'it-laptop', description: `Home portal ${randomUUID()}` },
    { 'Idempotency-Key': randomUUID() },
  );
  expect(filed.status).toBe(201);
  const ivan = await homeOf('ivan');
  expect(ivan).toMatchObject({ mine: null, waiting: null, dueSoon: null });
  expect(ivan.myRequests!.items.map((r) => r.id)).toContain(filed.body.request.id);
  // Another user's home does not show it.
  const maria = await homeOf('maria');
  expect((maria.myRequests?.items ?? []).map((r) => r.id)).not.toContain(filed.body.request.id);
});
