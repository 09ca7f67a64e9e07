// Automatic assignment within a department: the available agent with the least open work,
// ties broken round-robin (least recently assigned first). Never an agent who is off shift,
// inactive or at capacity. Picks are serialized per department by an advisory lock, so
// concurrent incidents spread evenly.
import { type Database } from '../../infra/db';
import { notFound } from '../shared/errors';
import { employeeForAssignment, lockDepartmentPicks, oldestUnassignedIncident, pickAgent as pick } from './assignmentRepository';

export async function pickAgent(db: Database, departmentId: string, incidentId: string): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    await lockDepartmentPicks(trx, departmentId);
    const row = await pick(trx, departmentId, incidentId);
    // Gone (its rows deleted by hand): no retry brings it back, so the run's step fails at once.
    // Retried, the pick looped forever within its workflow task, and a stopping worker waited
    // on that task without end (a CI run of 2026-12-05 hung 12 minutes in its drain).
    if (!row?.found) throw notFound(`incident ${incidentId}`);
    return row.existing ?? row.picked;
  });
}

/** Why this employee cannot take incidents of the department, or null if they can. */
export async function checkAssignee(db: Database, departmentId: string, employeeId: string): Promise<string | null> {
  const e = await employeeForAssignment(db, employeeId);
  if (!e || !e.active) return 'no active employee with this id';
  if (!e.roles.includes('agent')) return `${e.username} is not an agent`;
  if (e.departmentId !== departmentId) return `${e.username} does not work in the incident's department`;
  return null;
}

/** The request id of the department's oldest incident still waiting for an agent. */
export async function oldestWaitingIncident(db: Database, departmentId: string, exceptRequestId: string): Promise<string | null> {
  return oldestUnassignedIncident(db, departmentId, exceptRequestId);
}
