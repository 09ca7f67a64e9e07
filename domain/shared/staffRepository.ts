// Who staff are by id, for readers that name them (an incident's timeline, the report's agents).
import { sql } from 'kysely';
import type { Database } from '../../infra/db';

/** The employees with these ids: id, full name and username. */
export function employeesByIds(db: Database, ids: string[]) {
  return db
    .selectFrom('Employee')
    .select(['id', 'fullName', 'username'])
    .where('id', '=', sql<string>`ANY(${ids}::text[])`)
    .execute();
}
