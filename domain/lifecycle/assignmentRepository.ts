// The statements of automatic and manual assignment (assignment.ts).
import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Database } from '../../infra/db';
import { OPEN_STATUSES } from '../process/states';

/** Serializes the department's picks until the transaction ends (taken in its own statement, so the pick's snapshot sees every pick made before it). */
export async function lockDepartmentPicks(db: Database, departmentId: string): Promise<void> {
  await db.selectNoFrom(sql<string>`pg_advisory_xact_lock(hashtext(${departmentId}::text))::text`.as('locked')).execute();
}

/**
 * The fairness rule of every pick, incidents and chats alike (chat/distributionRepository.ts):
 * the candidate with the least open work first, ties to the least recently assigned (a first
 * pick before anyone), then by id so that equal candidates are taken in a stable order. `e` is
 * the candidate employee; `load` their open work of the kind being picked.
 */
export const fairestFirst = (load: Expression<number>): RawBuilder<unknown>[] => [sql`${load} ASC`, sql`e."lastAssignedAt" ASC NULLS FIRST`, sql`e.id ASC`];

/** The picked employee is the most recently assigned now: the next tie goes to someone else. */
export async function stampAssigned(db: Database, employeeId: string): Promise<void> {
  await db
    .updateTable('Employee')
    .set({ lastAssignedAt: sql<Date>`now()`, updatedAt: sql<Date>`now()` })
    .where('id', '=', employeeId)
    .execute();
}

/**
 * The pick, once the department's lock is held: the agent with the least open work (incidents
 * assigned to them in an open status, NEW included: a picked incident stays NEW until the
 * workflow records the assignment), ties to the least recently assigned, takes the incident
 * unless it has an assignee already (a retried activity: the pick happened). `found` is 0 when
 * the incident does not exist, `existing` its assignee before, `picked` the agent picked now.
 *
 * The pick writes the assignee, not the status: the workflow is the only writer of an incident's
 * status (its transition, recordTransition, writes ASSIGNED once it has heard the pick). So the
 * table never shows a status the process has not reached yet, and the API need not wait for the
 * process to catch up before it sends the next transition.
 */
export function pickAgent(db: Database, departmentId: string, incidentId: string) {
  return db
    .with('cur', (qc) => qc.selectFrom('Incident').select('assigneeId').where('id', '=', incidentId))
    .with('pick', (qc) =>
      qc
        .selectFrom('Employee as e')
        .leftJoinLateral(
          (eb) =>
            eb
              .selectFrom('Incident as i')
              .select(sql<number>`count(*)::int`.as('open'))
              .whereRef('i.assigneeId', '=', 'e.id')
              .where(sql<boolean>`i.status::text IN (${sql.join(OPEN_STATUSES.map((status) => sql.lit(status)))})`)
              .as('w'),
          (join) => join.onTrue(),
        )
        .select('e.id')
        .where('e.departmentId', '=', departmentId)
        .where('e.active', '=', true)
        .where('e.onShift', '=', true)
        .where(sql<boolean>`'agent' = ANY(e.roles) AND NOT e.roles && ARRAY['supervisor', 'admin']`)
        .whereRef('w.open', '<', 'e.capacity')
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('cur')
              .select(sql`1`.as('one'))
              .where('cur.assigneeId', 'is', null),
          ),
        )
        .orderBy(fairestFirst(sql.ref<number>('w.open')))
        .limit(1),
    )
    .with('moved', (qc) =>
      qc
        .updateTable('Incident as x')
        .from('pick')
        .set((eb) => ({ assigneeId: eb.ref('pick.id'), updatedAt: sql<Date>`now()` }))
        .where('x.id', '=', incidentId),
    )
    .with('stamped', (qc) =>
      qc
        .updateTable('Employee as x')
        .from('pick')
        .set({ lastAssignedAt: sql<Date>`now()`, updatedAt: sql<Date>`now()` })
        .whereRef('x.id', '=', 'pick.id'),
    )
    .selectNoFrom((eb) => [
      eb
        .selectFrom('cur')
        .select(sql<number>`count(*)::int`.as('n'))
        .as('found'),
      eb.selectFrom('cur').select('cur.assigneeId').as('existing'),
      eb.selectFrom('pick').select('pick.id').as('picked'),
    ])
    .executeTakeFirst();
}

export function employeeForAssignment(db: Database, employeeId: string) {
  return db.selectFrom('Employee').select(['username', 'active', 'roles', 'departmentId']).where('id', '=', employeeId).executeTakeFirst();
}

/** The request id of the department's oldest NEW incident without an assignee, but the one given. */
export async function oldestUnassignedIncident(db: Database, departmentId: string, exceptRequestId: string): Promise<string | null> {
  const row = await db
    .selectFrom('Incident')
    .select('requestId')
    .where('departmentId', '=', departmentId)
    .where('status', '=', 'NEW')
    .where('assigneeId', 'is', null)
    .where('requestId', '!=', exceptRequestId)
    .orderBy('createdAt', 'asc')
    .limit(1)
    .executeTakeFirst();
  return row?.requestId ?? null;
}
