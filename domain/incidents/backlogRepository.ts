// The open backlog per department in one statement.
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import { OPEN_STATUSES } from '../process/states';

/** The open statuses written into the statement as literals (a fixed list, not values). */
const OPEN = sql.join(OPEN_STATUSES.map((status) => sql.lit(status)));

/** Per department code: open incidents, those at risk (an SLA clock past 75 %, none breached) and those breached. */
export function backlogCounts(db: Database) {
  return db
    .selectFrom('Department as d')
    .leftJoin('Incident as i', (j) => j.onRef('i.departmentId', '=', 'd.id').on(sql<boolean>`i.status IN (${OPEN})`))
    .select([
      'd.code as department',
      sql<string>`count(i.id)`.as('open'),
      sql<string>`count(i.id) FILTER (WHERE (i."responseWarned" OR i."resolutionWarned") AND NOT (i."responseBreached" OR i."resolutionBreached"))`.as(
        'at_risk',
      ),
      sql<string>`count(i.id) FILTER (WHERE i."responseBreached" OR i."resolutionBreached")`.as('breached'),
    ])
    .groupBy('d.code')
    .orderBy('d.code')
    .execute();
}

/** Lifecycle events in the outbox not yet delivered to ClickHouse. */
export async function undeliveredEvents(db: Database): Promise<number> {
  const row = await db
    .selectFrom('IncidentEvent')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('shippedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
