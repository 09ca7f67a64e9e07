// Automatic assignment within a department: the available agent with the least open work,
// ties broken round-robin (least recently assigned first). Never an agent who is off shift,
// inactive or at capacity. Picks are serialized per department by an advisory lock, so
// concurrent incidents spread evenly.
import type { Db } from '../infra/db';

const OPEN_STATUSES = ['ASSIGNED', 'IN_PROGRESS', 'WAITING_FOR_CLIENT'] as const;

export async function pickAgent(db: Db, departmentId: string, incidentId: string): Promise<string | null> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${departmentId}))`;
    const incident = await tx.incident.findUniqueOrThrow({ where: { id: incidentId }, select: { assigneeId: true } });
    if (incident.assigneeId) return incident.assigneeId; // a retried activity: the pick already happened
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT e.id
      FROM "Employee" e
      LEFT JOIN LATERAL (
        SELECT count(*)::int AS open FROM "Incident" i
        WHERE i."assigneeId" = e.id AND i.status::text IN ('ASSIGNED', 'IN_PROGRESS', 'WAITING_FOR_CLIENT')
      ) w ON true
      WHERE e."departmentId" = ${departmentId}::uuid AND e.active AND e."onShift" AND 'agent' = ANY(e.roles)
        AND NOT e.roles && ARRAY['supervisor', 'admin']
        AND w.open < e.capacity
      ORDER BY w.open ASC, e."lastAssignedAt" ASC NULLS FIRST, e.id ASC
      LIMIT 1`;
    const agent = rows[0];
    if (!agent) return null;
    const now = new Date();
    await tx.incident.update({ where: { id: incidentId }, data: { assigneeId: agent.id, status: 'ASSIGNED' } });
    await tx.employee.update({ where: { id: agent.id }, data: { lastAssignedAt: now } });
    return agent.id;
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

export { OPEN_STATUSES };
