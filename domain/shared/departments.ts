// The department tree: a department and every department below it, the one way every rule
// reads it (the staff's scope, list filters, digests, analytics filters).
import { Prisma } from '../../generated/prisma/client';
import { sqlRows, type Db } from '../../infra/db';

const { sql } = Prisma;

/**
 * The ids of a department and of every department below it, as an array: `= ANY(ARRAY(...))`
 * lets the planner treat them as a handful of values (with `IN (subquery)` it guessed hundreds
 * and read the board 2-3 times slower on a million incidents).
 */
export const departmentSubtree = (code: string) => sql`ARRAY(
  WITH RECURSIVE t AS (SELECT id FROM "Department" WHERE code = ${code}
                       UNION ALL SELECT d2.id FROM "Department" d2 JOIN t ON d2."parentId" = t.id)
  SELECT id FROM t)`;

/** The department subtree's ids, for readers outside SQL (digests, analytics filters). */
export async function departmentSubtreeIds(db: Db, code: string): Promise<string[]> {
  const query = sql`SELECT ${departmentSubtree(code)}::text[] AS ids`;
  const [row] = await sqlRows<{ ids: string[] }>(db, query.text, query.values);
  return row?.ids ?? [];
}
