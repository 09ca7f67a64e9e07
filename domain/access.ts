// Who may see which incident: the one place where visibility is decided. Every read and
// every action on an incident goes through incidentScope(); ids outside it are "not found".
import type { Db } from '../infra/db';
import type { Prisma } from '../generated/prisma/client';
import { hasRole, type Actor } from './identity';

/** Ids of the department with this code and of every department below it. */
export async function departmentSubtree(db: Db, code: string): Promise<string[]> {
  const all = await db.department.findMany({ select: { id: true, code: true, parentId: true } });
  const root = all.find((d) => d.code === code);
  if (!root) return [];
  const ids = [root.id];
  for (let i = 0; i < ids.length; i++) for (const d of all) if (d.parentId === ids[i]) ids.push(d.id);
  return ids;
}

export async function incidentScope(db: Db, actor: Actor): Promise<Prisma.IncidentWhereInput> {
  if (hasRole(actor, 'admin')) return {};
  const any: Prisma.IncidentWhereInput[] = [];
  if (actor.department && hasRole(actor, 'supervisor')) {
    any.push({ departmentId: { in: await departmentSubtree(db, actor.department) } });
  } else if (actor.department && hasRole(actor, 'agent')) {
    // An agent sees the department's queue (not yet assigned) and what is assigned to them.
    const own = await db.department.findUnique({ where: { code: actor.department }, select: { id: true } });
    if (own) any.push({ departmentId: own.id, assigneeId: null });
  }
  if (hasRole(actor, 'agent')) any.push({ assigneeId: actor.id });
  any.push({ request: { createdById: actor.id } });
  if (actor.email) any.push({ request: { client: { email: { equals: actor.email, mode: 'insensitive' } } } });
  return { OR: any };
}

/**
 * The requests an actor may see: those whose incident is in their incident scope, and those
 * without an incident (not yet opened, or closed because none could be made) by the service's
 * department, their creator or the client's e-mail, as for incidents.
 */
export async function requestScope(db: Db, actor: Actor): Promise<Prisma.ServiceRequestWhereInput> {
  if (hasRole(actor, 'admin')) return {};
  const any: Prisma.ServiceRequestWhereInput[] = [{ incident: await incidentScope(db, actor) }];
  if (actor.department && hasRole(actor, 'supervisor')) {
    any.push({ incident: null, service: { departmentId: { in: await departmentSubtree(db, actor.department) } } });
  } else if (actor.department && hasRole(actor, 'agent')) {
    any.push({ incident: null, service: { department: { code: actor.department } } });
  }
  any.push({ createdById: actor.id });
  if (actor.email) any.push({ client: { email: { equals: actor.email, mode: 'insensitive' } } });
  return { OR: any };
}
