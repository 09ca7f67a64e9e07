// Automatic assignment: an even spread over agents, never to an agent off shift or at capacity,
// and the oldest waiting incident goes first when an agent frees up.
import { pickAgent } from '../../domain/lifecycle/assignment';
import { api, fileRequest } from '../support/api';
import { openDatabase, openDb } from '../support/db';
import { waitFor } from '../support/processes';

const db = openDb();
const app = openDatabase();
afterAll(() => Promise.all([db.$disconnect(), app.destroy()]));

async function department(code: string, agents: { name: string; capacity?: number; onShift?: boolean }[]) {
  const dept = await db.department.upsert({ where: { code }, create: { code, name: `Test ${code}` }, update: {} });
  await db.service.upsert({
    where: { code: `${code}-svc` },
    create: { code: `${code}-svc`, name: `Service of ${code}`, departmentId: dept.id, serviceClass: code, serviceType: code },
    update: {},
  });
  const ids: string[] = [];
  for (const a of agents) {
    const id = `test-${code}-${a.name}`;
    await db.employee.upsert({
      where: { id },
      create: {
        id,
        username: id,
        email: `${id}@example.test`,
        fullName: a.name,
        roles: ['user', 'agent'],
        departmentId: dept.id,
        capacity: a.capacity ?? 1000,
        onShift: a.onShift ?? true,
      },
      update: {},
    });
    ids.push(id);
  }
  return { dept, ids };
}

async function fileMany(n: number, serviceCode: string, parallel = 8): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += parallel) {
    ids.push(...(await Promise.all(Array.from({ length: Math.min(parallel, n - i) }, (_, k) => fileRequest('admin', serviceCode, `Spread ${i + k}`)))));
  }
  return ids;
}

test('200 incidents spread evenly over 5 agents; the agent off shift gets none', async () => {
  const { dept, ids } = await department('spread', [
    { name: 'a1' },
    { name: 'a2' },
    { name: 'a3' },
    { name: 'a4' },
    { name: 'a5' },
    { name: 'off', onShift: false },
  ]);
  await fileMany(200, 'spread-svc');
  await waitFor('200 assigned incidents', async () => (await db.incident.count({ where: { departmentId: dept.id, status: 'ASSIGNED' } })) === 200, 120000, 500);
  const perAgent = await db.incident.groupBy({ by: ['assigneeId'], where: { departmentId: dept.id }, _count: true });
  const counts = Object.fromEntries(perAgent.map((g) => [g.assigneeId, g._count]));
  expect(counts).toEqual(Object.fromEntries(ids.slice(0, 5).map((id) => [id, 40])));
}, 240000);

test('capacity is respected and a freed agent takes the oldest waiting incident', async () => {
  const { dept, ids } = await department('capacity', [
    { name: 'b1', capacity: 1 },
    { name: 'b2', capacity: 1 },
  ]);
  const requests = await fileMany(4, 'capacity-svc', 1);
  await waitFor('four incidents', async () => (await db.incident.count({ where: { requestId: { in: requests } } })) === 4, 30000);
  await waitFor('two assigned', async () => (await db.incident.count({ where: { departmentId: dept.id, status: 'ASSIGNED' } })) === 2, 30000);
  await new Promise((r) => setTimeout(r, 500)); // nothing else may be assigned: both agents are at capacity
  const incidents = await db.incident.findMany({ where: { requestId: { in: requests } }, orderBy: { createdAt: 'asc' } });
  const assigned = incidents.filter((i) => i.status === 'ASSIGNED');
  const waiting = incidents.filter((i) => i.status === 'NEW');
  expect(new Set(assigned.map((i) => i.assigneeId))).toEqual(new Set(ids));
  expect(waiting).toHaveLength(2);

  // Resolving one incident frees its agent, who takes the oldest waiting incident.
  const res = await api('admin', 'POST', `/api/incidents/${assigned[0]!.id}/transitions`, { action: 'resolve', comment: 'done' });
  expect(res.status).toBe(200);
  const oldest = await waitFor('oldest waiting assigned', () => db.incident.findFirst({ where: { id: waiting[0]!.id, status: 'ASSIGNED' } }), 15000);
  expect(oldest.assigneeId).toBe(assigned[0]!.assigneeId);
  expect((await db.incident.findUniqueOrThrow({ where: { id: waiting[1]!.id } })).status).toBe('NEW');
});

test('the pick names the agent and leaves the status to the process: the incident stays NEW until the workflow records ASSIGNED', async () => {
  // An incident of a department of this test's own, without a workflow: only the pick touches it.
  const { dept, ids } = await department('pick-only', [{ name: 'c1' }]);
  const service = await db.service.findUniqueOrThrow({ where: { code: 'pick-only-svc' } });
  const client = await db.client.findUniqueOrThrow({ where: { phone: '+74951230001' } });
  const request = await db.serviceRequest.create({
    data: { clientId: client.id, serviceId: service.id, channel: 'PHONE', description: 'Pick only', priority: 'P3', status: 'IN_PROGRESS' },
  });
  const incident = await db.incident.create({
    data: { requestId: request.id, title: 'Pick only', departmentId: dept.id, serviceId: service.id, priority: 'P3', status: 'NEW' },
  });
  expect(await pickAgent(app, dept.id, incident.id)).toBe(ids[0]);
  expect(await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ status: 'NEW', assigneeId: ids[0] });
  // A retried pick finds the agent it named; the picked incident counts as that agent's open work.
  expect(await pickAgent(app, dept.id, incident.id)).toBe(ids[0]);
  await db.employee.update({ where: { id: ids[0] }, data: { capacity: 1 } });
  const second = await db.incident.create({
    data: {
      requestId: (
        await db.serviceRequest.create({
          data: { clientId: client.id, serviceId: service.id, channel: 'PHONE', description: 'Pick only 2', priority: 'P3', status: 'IN_PROGRESS' },
        })
      ).id,
      title: 'Pick only 2',
      departmentId: dept.id,
      serviceId: service.id,
      priority: 'P3',
      status: 'NEW',
    },
  });
  expect(await pickAgent(app, dept.id, second.id)).toBeNull();
});
