// Automatic assignment within a department: the available agent with the least open work,
// ties broken round-robin (least recently assigned first). Never an agent who is off shift,
// inactive or at capacity. Picks are serialized per department by an advisory lock, so
// concurrent incidents spread evenly.
import { sqlTransaction, type Db } from '../../infra/db';
import { OPEN_STATUSES } from '../process/states';

// The pick, once the department's lock is held: the agent with the least open work (incidents
// assigned to them in an open status, NEW included: a picked incident stays NEW until the
// workflow records the assignment), ties to the least recently assigned, takes the incident
// unless it has an assignee already (a retried activity: the pick happened). $1 department,
// $2 incident.
//
// The pick writes the assignee, not the status: the workflow is the only writer of an incident's
// status (its transition, recordTransition, writes ASSIGNED once it has heard the pick). So the
// table never shows a status the process has not reached yet, and the API need not wait for the
// process to catch up before it sends the next transition.
const PICK_AGENT = `
  WITH cur AS (SELECT "assigneeId" FROM "Incident" WHERE id = $2::uuid),
  pick AS (
    SELECT e.id
    FROM "Employee" e
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS open FROM "Incident" i
      WHERE i."assigneeId" = e.id AND i.status::text IN (${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})
    ) w ON true
    WHERE e."departmentId" = $1::uuid AND e.active AND e."onShift" AND 'agent' = ANY(e.roles)
      AND NOT e.roles && ARRAY['supervisor', 'admin']
      AND w.open < e.capacity
      AND EXISTS (SELECT 1 FROM cur WHERE "assigneeId" IS NULL)
    ORDER BY w.open ASC, e."lastAssignedAt" ASC NULLS FIRST, e.id ASC
    LIMIT 1
  ), moved AS (
    UPDATE "Incident" x SET "assigneeId" = pick.id, "updatedAt" = now() FROM pick WHERE x.id = $2::uuid
  ), stamped AS (
    UPDATE "Employee" x SET "lastAssignedAt" = now(), "updatedAt" = now() FROM pick WHERE x.id = pick.id
  )
  SELECT (SELECT count(*)::int FROM cur) AS found, (SELECT "assigneeId" FROM cur) AS existing, (SELECT id FROM pick) AS picked`;

export async function pickAgent(db: Db, departmentId: string, incidentId: string): Promise<string | null> {
  return sqlTransaction(db, async (run) => {
    // Taken in its own statement, so the pick's snapshot sees every pick made before it.
    await run('SELECT pg_advisory_xact_lock(hashtext($1::text))::text AS locked', [departmentId]);
    const [row] = await run<{ found: number; existing: string | null; picked: string | null }>(PICK_AGENT, [departmentId, incidentId]);
    if (!row?.found) throw new Error(`incident ${incidentId} does not exist`);
    return row.existing ?? row.picked;
  });
}

/** Why this employee cannot take incidents of the department, or null if they can. */
export async function checkAssignee(db: Db, departmentId: string, employeeId: string): Promise<string | null> {
  const e = await db.employee.findUnique({ where: { id: employeeId } });
  if (!e || !e.active) return 'no active employee with this id';
  if (!e.roles.includes('agent')) return `${e.username} is not an agent`;
  if (e.departmentId !== departmentId) return `${e.username} does not work in the incident's department`;
  return null;
}

/** The request id of the department's oldest incident still waiting for an agent. */
export async function oldestWaitingIncident(db: Db, departmentId: string, exceptRequestId: string): Promise<string | null> {
  const waiting = await db.incident.findFirst({
    where: { departmentId, status: 'NEW', assigneeId: null, requestId: { not: exceptRequestId } },
    orderBy: { createdAt: 'asc' },
    select: { requestId: true },
  });
  return waiting?.requestId ?? null;
}
