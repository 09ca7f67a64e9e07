// The board of any size (issue 18): each column and lane counts every incident it holds, not
// only the page it shows; its pages (keyset) return every card once, in order; filters and
// search run on the server; closed and cancelled incidents show only for the chosen period;
// incidents of other departments never appear. Fixture rows in a service of their own, so a
// board filtered by it holds exactly these.
import { api } from '../support/api';
import { openDb } from '../support/db';
import { OLGA } from '../support/agentRoom';
import { boardService, insertBoardCards, removeBoardService, type BoardCard } from '../support/boardFixtures';
import { letterMarker } from '../support/marker';

const db = openDb();
const tag = letterMarker('bt');
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR);
const QUEUE = 45;
let it: { id: string; departmentId: string };
let repair: { id: string; departmentId: string };
let queue: string[] = [];
let foreign: string[] = [];

interface Cell {
  status: string;
  lane: string;
  count: number;
  items: { id: string; createdAt: string }[];
  nextCursor: string | null;
}
interface Board {
  closedSince: string;
  columns: { status: string; count: number }[];
  lanes: { id: string; name: string | null }[];
  cells: Cell[];
}

beforeAll(async () => {
  it = await boardService(db, `${tag}-it`, 'it');
  repair = await boardService(db, `${tag}-repair`, 'repair');
  // The queue: more than two pages of 20; pairs share a creation time (the order breaks ties by id).
  const cards: BoardCard[] = Array.from({ length: QUEUE }, (_, i) => ({
    status: 'NEW',
    title: `${tag} queue ${i}${i % 9 === 0 ? ' bluescreen' : ''}`,
    priority: i % 5 === 0 ? 'P1' : 'P3',
    channel: i % 3 === 0 ? 'EMAIL' : 'PHONE',
    createdAt: ago(Math.floor(i / 2) * 3),
  }));
  queue = await insertBoardCards(db, it, cards);
  await insertBoardCards(db, it, [
    ...[1, 2, 3].map((i): BoardCard => ({ status: 'IN_PROGRESS', title: `${tag} olga ${i}`, assigneeId: OLGA, createdAt: ago(i) })),
    { status: 'CLOSED', title: `${tag} closed 2 days ago`, createdAt: ago(100), closedAt: ago(48) },
    { status: 'CLOSED', title: `${tag} closed 3 days ago`, createdAt: ago(100), closedAt: ago(72) },
    { status: 'CLOSED', title: `${tag} closed 20 days ago`, createdAt: ago(600), closedAt: ago(480) },
    { status: 'CLOSED', title: `${tag} closed 25 days ago`, createdAt: ago(700), closedAt: ago(600) },
    { status: 'CANCELLED', title: `${tag} cancelled today`, createdAt: ago(30), updatedAt: ago(12) },
  ]);
  foreign = await insertBoardCards(
    db,
    repair,
    [1, 2, 3].map((i) => ({ status: 'NEW', title: `${tag} repair ${i} bluescreen`, createdAt: ago(i) })),
  );
});

afterAll(async () => {
  await removeBoardService(db, it.id);
  await removeBoardService(db, repair.id);
  await db.$disconnect();
});

const board = async (as: string, query: string): Promise<Board> => {
  const res = await api<Board>(as, 'GET', `/api/board?${query}`);
  expect(res.status).toBe(200);
  return res.body;
};
const column = (b: Board, status: string) => b.columns.find((c) => c.status === status)!.count;
const cell = (b: Board, status: string, lane: string) => b.cells.find((c) => c.status === status && c.lane === lane)!;

test("a column counts every incident it holds, beyond the page it shows; a supervisor's lanes too", async () => {
  const b = await board('sergey', `service=${tag}-it&lanes=agent`);
  expect(column(b, 'NEW')).toBe(QUEUE);
  expect(column(b, 'IN_PROGRESS')).toBe(3);
  expect(b.lanes.map((l) => l.id)).toEqual(['none', OLGA]);
  const queueNew = cell(b, 'NEW', 'none');
  expect(queueNew.count).toBe(QUEUE);
  expect(queueNew.items).toHaveLength(20);
  expect(queueNew.nextCursor).not.toBeNull();
  expect(cell(b, 'IN_PROGRESS', OLGA).count).toBe(3);
  expect(cell(b, 'IN_PROGRESS', OLGA).nextCursor).toBeNull();
  // Without lanes: one cell per column.
  const flat = await board('sergey', `service=${tag}-it&limit=5`);
  expect(flat.cells.map((c) => c.lane)).toEqual(Array(7).fill('all'));
  expect(cell(flat, 'NEW', 'all').items).toHaveLength(5);
});

test('paging a column returns every card once, newest first, ties by id', async () => {
  const seen: { id: string; createdAt: string }[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: { items: { id: string; createdAt: string }[]; nextCursor: string | null } } = await api(
      'sergey',
      'GET',
      `/api/board/column?service=${tag}-it&column=NEW&lane=none&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status).toBe(200);
    seen.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 20);
  expect(pages).toBe(Math.ceil(QUEUE / 7));
  expect(new Set(seen.map((i) => i.id)).size).toBe(QUEUE);
  expect(seen.map((i) => i.id).sort()).toEqual([...queue].sort());
  const ordered = [...seen].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
  expect(seen.map((i) => i.id)).toEqual(ordered.map((i) => i.id));
});

test('filters and search run on the server and narrow the counts', async () => {
  const base = `service=${tag}-it`;
  expect(column(await board('sergey', `${base}&priority=P1`), 'NEW')).toBe(Math.ceil(QUEUE / 5));
  expect(column(await board('sergey', `${base}&channel=EMAIL`), 'NEW')).toBe(Math.ceil(QUEUE / 3));
  const olgas = await board('sergey', `${base}&assignee=${OLGA}`);
  expect([column(olgas, 'NEW'), column(olgas, 'IN_PROGRESS')]).toEqual([0, 3]);
  expect(column(await board('sergey', `${base}&assignee=none`), 'NEW')).toBe(QUEUE);
  // Filed on a day: the queue's first pairs are from the last hours.
  const today = new Date().toISOString().slice(0, 10);
  const fromToday = await board('sergey', `${base}&from=${today}`);
  expect(column(fromToday, 'NEW')).toBeGreaterThan(0);
  expect(column(fromToday, 'NEW')).toBeLessThan(QUEUE);
  // A word of five titles (full text): the counts and cards are those five, and not the repair ones.
  const found = await board('sergey', `q=${encodeURIComponent(`${tag} bluescreen`)}`);
  expect(column(found, 'NEW')).toBe(Math.ceil(QUEUE / 9));
  expect(
    cell(found, 'NEW', 'all')
      .items.map((i) => i.id)
      .every((id) => queue.includes(id)),
  ).toBe(true);
});

test('closed and cancelled incidents show only for the chosen period', async () => {
  const week = await board('sergey', `service=${tag}-it`);
  expect([column(week, 'CLOSED'), column(week, 'CANCELLED')]).toEqual([2, 1]);
  expect(Date.parse(week.closedSince)).toBeGreaterThan(Date.now() - 7 * 24 * HOUR - 60_000);
  const month = await board('sergey', `service=${tag}-it&closedDays=30`);
  expect([column(month, 'CLOSED'), column(month, 'CANCELLED')]).toEqual([4, 1]);
  const day = await board('sergey', `service=${tag}-it&closedDays=1`);
  expect([column(day, 'CLOSED'), column(day, 'CANCELLED')]).toEqual([0, 1]);
  // Open incidents do not depend on the period.
  expect(column(day, 'NEW')).toBe(QUEUE);
  const bad = await api('sergey', 'GET', '/api/board?closedDays=0');
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('closedDays');
  expect((await api('sergey', 'GET', '/api/board/column?column=OPEN')).status).toBe(400);
});

test("another department's incidents never appear: not counted, not paged, not found", async () => {
  const elena = await board('elena', `service=${tag}-it&lanes=agent`);
  expect(elena.columns.every((c) => c.count === 0)).toBe(true);
  const page = await api('elena', 'GET', `/api/board/column?service=${tag}-it&column=NEW`);
  expect(page.body.items).toEqual([]);
  const sergey = await board('sergey', `service=${tag}-repair`);
  expect(sergey.columns.every((c) => c.count === 0)).toBe(true);
  const searched = await board('sergey', `q=${encodeURIComponent(`${tag} repair`)}`);
  expect(searched.cells.flatMap((c) => c.items.map((i) => i.id)).some((id) => foreign.includes(id))).toBe(false);
  expect((await api('sergey', 'GET', `/api/incidents/${foreign[0]}`)).status).toBe(404);
  // The repair supervisor sees hers; an IT agent sees her department's queue and her own.
  expect(column(await board('elena', `service=${tag}-repair`), 'NEW')).toBe(3);
  const olga = await board('olga', `service=${tag}-it`);
  expect([column(olga, 'NEW'), column(olga, 'IN_PROGRESS')]).toEqual([QUEUE, 3]);
});

test('the counts follow a change of an incident', async () => {
  const before = await api<Board>('sergey', 'GET', `/api/board/counts?service=${tag}-it&lanes=agent`);
  expect(before.body.cells.find((c) => c.status === 'NEW' && c.lane === 'none')!.count).toBe(QUEUE);
  await db.incident.update({ where: { id: queue[0] }, data: { status: 'ASSIGNED', assigneeId: OLGA } });
  const after = await api<Board>('sergey', 'GET', `/api/board/counts?service=${tag}-it&lanes=agent`);
  expect(after.body.cells.find((c) => c.status === 'NEW' && c.lane === 'none')!.count).toBe(QUEUE - 1);
  expect(after.body.cells.find((c) => c.status === 'ASSIGNED' && c.lane === OLGA)!.count).toBe(1);
  await db.incident.update({ where: { id: queue[0] }, data: { status: 'NEW', assigneeId: null } });
});
