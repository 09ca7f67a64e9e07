// The open backlog per department, as the metrics and the board's header see it.
import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../infra/db';
import { OPEN_STATUSES } from '../process/states';

const OPEN = Prisma.raw(OPEN_STATUSES.map((status) => `'${status}'`).join(', '));

export interface DepartmentBacklog {
  department: string; // department code
  open: number;
  atRisk: number; // an SLA clock past 75 %, none breached
  breached: number;
}

export async function backlogByDepartment(db: Db): Promise<DepartmentBacklog[]> {
  const rows = await db.$queryRaw<{ department: string; open: bigint; at_risk: bigint; breached: bigint }[]>`
    SELECT d.code AS department,
           count(i.id) AS open,
           count(i.id) FILTER (WHERE (i."responseWarned" OR i."resolutionWarned") AND NOT (i."responseBreached" OR i."resolutionBreached")) AS at_risk,
           count(i.id) FILTER (WHERE i."responseBreached" OR i."resolutionBreached") AS breached
    FROM "Department" d
    LEFT JOIN "Incident" i ON i."departmentId" = d.id AND i.status IN (${OPEN})
    GROUP BY d.code
    ORDER BY d.code`;
  return rows.map((r) => ({ department: r.department, open: Number(r.open), atRisk: Number(r.at_risk), breached: Number(r.breached) }));
}
