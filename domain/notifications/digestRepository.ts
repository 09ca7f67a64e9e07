// The statements of the daily digests: who gets one, and the incidents they list.
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import { departmentSubtree } from '../shared/departmentRepository';
import { OPEN_STATUSES } from '../process/states';

/** Time zones of active staff, each once. */
export async function activeStaffTimezones(db: Database): Promise<string[]> {
  const rows = await db.selectFrom('Employee').select('timezone').distinct().where('active', '=', true).execute();
  return rows.map((r) => r.timezone);
}

/** Ids of active staff in a time zone with a role, in id order. */
export async function activeStaffWithRole(db: Database, timezone: string, role: string): Promise<string[]> {
  const rows = await db
    .selectFrom('Employee')
    .select('id')
    .where('active', '=', true)
    .where('timezone', '=', timezone)
    .where(sql<boolean>`${role} = ANY(roles)`)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** An employee with the name of their department, if any. */
export const employeeWithDepartment = (db: Database, id: string) =>
  db
    .selectFrom('Employee as e')
    .leftJoin('Department as d', 'd.id', 'e.departmentId')
    .select(['e.id', 'e.active', 'e.email', 'e.locale', 'd.code as departmentCode', 'd.name as departmentName'])
    .where('e.id', '=', id)
    .executeTakeFirst();

/** The open incidents assigned to an employee, oldest first. */
export const openIncidentsOf = (db: Database, assigneeId: string) =>
  db
    .selectFrom('Incident')
    .select(['title', 'status', 'priority', 'resolutionBreached'])
    .where('assigneeId', '=', assigneeId)
    .where('status', '=', sql<never>`ANY(${[...OPEN_STATUSES]}::"IncidentStatus"[])`)
    .orderBy('createdAt')
    .execute();

/** The open incidents of a department subtree with their SLA flags. */
export const openIncidentsOfDepartments = (db: Database, departmentCode: string) =>
  db
    .selectFrom('Incident')
    .select(['title', 'responseWarned', 'resolutionWarned', 'responseBreached', 'resolutionBreached'])
    .where(sql<boolean>`"departmentId" = ANY(${departmentSubtree(departmentCode)})`)
    .where('status', '=', sql<never>`ANY(${[...OPEN_STATUSES]}::"IncidentStatus"[])`)
    .execute();
