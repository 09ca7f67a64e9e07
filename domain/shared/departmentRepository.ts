// The department tree's statements: a department and every department below it.
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../infra/db';

/**
 * The ids of a department and of every department below it, as an array: `= ANY(ARRAY(...))`
 * lets the planner treat them as a handful of values (with `IN (subquery)` it guessed hundreds
 * and read the board 2-3 times slower on a million incidents).
 */
export const departmentSubtree = (code: string): RawBuilder<string[]> => sql<string[]>`ARRAY(
  WITH RECURSIVE t AS (SELECT id FROM "Department" WHERE code = ${code}
                       UNION ALL SELECT d2.id FROM "Department" d2 JOIN t ON d2."parentId" = t.id)
  SELECT id FROM t)`;

/** The department subtree's ids as a row. */
export async function subtreeIds(db: Database, code: string): Promise<string[]> {
  const row = await db.selectNoFrom(sql<string[]>`${departmentSubtree(code)}::text[]`.as('ids')).executeTakeFirst();
  return row?.ids ?? [];
}

/** The codes of these departments, in code order. */
export async function departmentCodes(db: Database, ids: string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('Department')
    .select('code')
    .where('id', '=', sql<string>`ANY(${ids}::uuid[])`)
    .orderBy('code')
    .execute();
  return rows.map((d) => d.code);
}
