// A large CSV export is streamed (no Content-Length: rows leave as they are read in
// pages of 1,000) and arrives complete and correct: 2,500 fixture requests, three pages, every
// id once, in the list's order, each row with its description.
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';

const db = openDb();
const MARK = `export-${randomUUID().slice(0, 8)}`;
const ROWS = 2500;

beforeAll(async () => {
  // Fixture rows, closed and without workflows (the export reads rows; nothing processes them),
  // one second apart so the order is known, for a seeded client and service.
  await db.$executeRawUnsafe(
    `INSERT INTO "ServiceRequest" (id, "clientId", "serviceId", channel, description, status, "closeReason", "createdAt", "updatedAt", "closedAt")
     SELECT gen_random_uuid(), (SELECT id FROM "Client" ORDER BY id LIMIT 1), (SELECT id FROM "Service" ORDER BY id LIMIT 1), 'PHONE', $1 || ' #' || n,
            'CLOSED', 'duplicate', now() - n * interval '1 second', now(), now()
     FROM generate_series(1, $2::int) n`,
    MARK,
    ROWS,
  );
});
afterAll(async () => {
  await db.$executeRawUnsafe(`DELETE FROM "ServiceRequest" WHERE description LIKE $1 || ' #%'`, MARK);
  await db.$disconnect();
});

/** RFC 4180 text to rows of cells (a quoted cell may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const cell = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r?\n|$)/gy;
  let row: string[] = [];
  while (cell.lastIndex < text.length) {
    const [, value, end] = cell.exec(text)!;
    row.push(value!.startsWith('"') ? value!.slice(1, -1).replace(/""/g, '"') : value!);
    if (end !== ',') {
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

test('2,500 requests export streamed, complete, in order, each once', async () => {
  const res = await api('admin', 'GET', `/api/requests?format=csv&q=${MARK}`);
  expect(res.status).toBe(200);
  expect(res.contentType).toContain('text/csv');
  expect(res.headers.get('content-length')).toBeNull(); // sent as it was read, not measured whole first
  const [header, ...rows] = parseCsv((res.body as string).replace(/^\uFEFF/, ''));
  const id = header!.indexOf('id');
  const description = header!.indexOf('description');
  expect(id).toBeGreaterThanOrEqual(0);
  expect(description).toBeGreaterThanOrEqual(0);
  expect(rows).toHaveLength(ROWS);
  // Newest first: #1 was made a second after #2, and so on.
  expect(rows.map((r) => r[description])).toEqual(Array.from({ length: ROWS }, (_, i) => `${MARK} #${i + 1}`));
  const stored = await db.serviceRequest.findMany({ where: { description: { startsWith: `${MARK} #` } }, select: { id: true } });
  expect(new Set(rows.map((r) => r[id]))).toEqual(new Set(stored.map((r) => r.id)));
});
