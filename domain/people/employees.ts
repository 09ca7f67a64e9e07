// Employees are mirrored from Keycloak: on every sign-in the actor's claims update the row.
import { type Database } from '../../infra/db';
import type { Actor } from '../access/identity';
import { upsertEmployee } from './repository';

export async function mirrorEmployee(db: Database, actor: Actor): Promise<void> {
  await upsertEmployee(
    db,
    {
      id: actor.id,
      username: actor.username,
      email: actor.email || `${actor.username}@unknown.invalid`,
      fullName: actor.fullName,
      phone: actor.phone,
      managerId: actor.managerId,
      roles: actor.roles,
      active: true,
    },
    actor.department,
  );
}
