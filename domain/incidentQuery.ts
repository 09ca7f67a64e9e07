// Incident list filters as a database condition (search: incidentSearch.ts).
import type { Db } from '../infra/db';
import type { Prisma } from '../generated/prisma/client';
import { departmentSubtree } from './access';
import type { Actor } from './identity';
import { INCIDENT_STATUSES, type IncidentStatus } from './incidentStates';
import { createdRange, listQuerySchema, type ListQuery } from './listQuery';

export const incidentListSchema = listQuerySchema(INCIDENT_STATUSES, 200, 1000);
/** Every filter but the search text (q), which the list pages through (IncidentService.list). */
export async function incidentFilter(db: Db, actor: Actor, q: ListQuery): Promise<Prisma.IncidentWhereInput[]> {
  const and: Prisma.IncidentWhereInput[] = [];
  if (q.client) and.push({ request: { clientId: q.client } });
  const created = createdRange(q);
  if (created) and.push({ createdAt: created });
  if (q.status) and.push({ status: { in: q.status.split(',') as IncidentStatus[] } });
  if (q.assignee === 'me') and.push({ assigneeId: actor.id });
  else if (q.assignee === 'none') and.push({ assigneeId: null });
  else if (q.assignee) and.push({ assigneeId: q.assignee });
  if (q.department) and.push({ departmentId: { in: await departmentSubtree(db, q.department) } });
  if (q.service) and.push({ service: { code: q.service } });
  if (q.channel) and.push({ request: { channel: q.channel } });
  if (q.priority) and.push({ priority: q.priority });
  return and;
}
