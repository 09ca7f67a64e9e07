// Employees are mirrored from Keycloak: on every sign-in the actor's claims update the row.
import type { Db } from '../../infra/db';
import type { Actor } from '../access/identity';

export async function mirrorEmployee(db: Db, actor: Actor): Promise<void> {
  const department = actor.department ? await db.department.findUnique({ where: { code: actor.department }, select: { id: true } }) : null;
  const data = {
    username: actor.username,
    email: actor.email || `${actor.username}@unknown.invalid`,
    fullName: actor.fullName,
    phone: actor.phone,
    managerId: actor.managerId,
    roles: actor.roles,
    departmentId: department?.id ?? null,
    active: true,
  };
  await db.employee.upsert({ where: { id: actor.id }, create: { id: actor.id, ...data }, update: data });
}
