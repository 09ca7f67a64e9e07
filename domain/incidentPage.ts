// One page of the incident list (board, client page) in a single SQL query: the actor's scope,
// every filter but the search text, the keyset order and the cards' columns together; and one
// incident's card if it is in the actor's scope (every GET and move of an incident). The
// board is the most frequent read of the desk; Prisma's separate queries (department subtree,
// the page's ids, then the cards) cost more than the database's work (docs/performance.md).
// The same conditions as incidentScope (access.ts) and incidentFilter (incidentQuery.ts),
// which the CSV export still uses; tests/api/incidentPage.test.ts holds this to them.
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../infra/db';
import { hasRole, type Actor } from './identity';
import { CARD_SELECT, readCards } from './incidentCards';
import type { IncidentView } from './incidentView';
import { createdRange, decodeCursor, sortField, type ListQuery } from './listQuery';

const { sql, join, raw } = Prisma;

/**
 * The ids of a department and of every department below it, as an array: `= ANY(ARRAY(...))`
 * lets the planner treat them as a handful of values (with `IN (subquery)` it guessed hundreds
 * and read the board 2-3 times slower on a million incidents).
 */
const subtree = (code: string) => sql`ANY(ARRAY(
  WITH RECURSIVE t AS (SELECT id FROM "Department" WHERE code = ${code}
                       UNION ALL SELECT d2.id FROM "Department" d2 JOIN t ON d2."parentId" = t.id)
  SELECT id FROM t))`;

/** incidentScope as SQL over CARD_SELECT's aliases. */
function scope(actor: Actor): Prisma.Sql {
  if (hasRole(actor, 'admin')) return sql`TRUE`;
  const any: Prisma.Sql[] = [];
  if (actor.department && hasRole(actor, 'supervisor')) any.push(sql`i."departmentId" = ${subtree(actor.department)}`);
  else if (actor.department && hasRole(actor, 'agent')) any.push(sql`(d.code = ${actor.department} AND i."assigneeId" IS NULL)`);
  if (hasRole(actor, 'agent')) any.push(sql`i."assigneeId" = ${actor.id}`);
  any.push(sql`r."createdById" = ${actor.id}`);
  if (actor.email) any.push(sql`lower(c.email) = lower(${actor.email})`);
  return sql`(${join(any, ' OR ')})`;
}

/**
 * incidentFilter as SQL (the search text q excepted). Enum columns are compared as enums, not
 * as text, so their indexes stay usable.
 */
function filters(actor: Actor, q: ListQuery): Prisma.Sql[] {
  const and: Prisma.Sql[] = [];
  if (q.client) and.push(sql`r."clientId" = ${q.client}::uuid`);
  const created = createdRange(q);
  if (created?.gte) and.push(sql`i."createdAt" >= ${created.gte}`);
  if (created?.lt) and.push(sql`i."createdAt" < ${created.lt}`);
  if (q.status) and.push(sql`i.status = ANY(${q.status.split(',')}::"IncidentStatus"[])`);
  if (q.assignee === 'me') and.push(sql`i."assigneeId" = ${actor.id}`);
  else if (q.assignee === 'none') and.push(sql`i."assigneeId" IS NULL`);
  else if (q.assignee) and.push(sql`i."assigneeId" = ${q.assignee}`);
  if (q.department) and.push(sql`i."departmentId" = ${subtree(q.department)}`);
  if (q.service) and.push(sql`s.code = ${q.service}`);
  if (q.channel) and.push(sql`r.channel = ${q.channel}::"Channel"`);
  if (q.priority) and.push(sql`i.priority = ${q.priority}::"Priority"`);
  return and;
}

/**
 * The LIMIT written into the statement: a few fixed sizes, so that the prepared statements of
 * the pages stay few (readCards) while their plans know how many rows are wanted (with LIMIT
 * as a parameter PostgreSQL's generic plan expects thousands and joins every incident: 25 ms
 * instead of 1 ms for a page of 20). The rows beyond the wanted ones are dropped.
 */
const limitBucket = (n: number) => [21, 51, 101, 201, 501, 1001].find((b) => b >= n) ?? Math.ceil(n / 1000) * 1000;

/**
 * The page's cards: limit + 1 rows, so the caller sees whether another page follows; or, for a
 * batch of search matches, at most `take` of the incidents among `ids` that pass.
 */
export async function incidentPage(db: Db, actor: Actor, q: ListQuery, among?: { ids: string[]; take: number }): Promise<IncidentView[]> {
  const column = raw(`i."${sortField(q.sort)}"`);
  const desc = q.sort.startsWith('-');
  const dir = raw(desc ? 'DESC' : 'ASC');
  const where = [scope(actor), ...filters(actor, q)];
  if (among) where.push(sql`i.id = ANY(${among.ids}::uuid[])`);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(sql`(${column}, i.id) ${raw(desc ? '<' : '>')} (${new Date(c.at)}, ${c.id}::uuid)`);
  }
  const want = among ? among.take : q.limit + 1;
  const rows = await readCards(
    db,
    sql`${CARD_SELECT} WHERE ${join(where, ' AND ')} ORDER BY ${column} ${dir}, i.id ${dir} LIMIT ${raw(String(limitBucket(want)))}`,
  );
  return rows.slice(0, want);
}

/** The card of one incident (by id or by request id) if it is in the actor's scope, in one statement. */
export async function incidentInScope(db: Db, actor: Actor, by: { id: string } | { requestId: string }): Promise<IncidentView | null> {
  const match = 'id' in by ? sql`i.id = ${by.id}::uuid` : sql`i."requestId" = ${by.requestId}::uuid`;
  const [card] = await readCards(db, sql`${CARD_SELECT} WHERE ${match} AND ${scope(actor)}`);
  return card ?? null;
}
