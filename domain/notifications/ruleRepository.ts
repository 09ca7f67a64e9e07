// The statements of the notification rules (rules.ts): the two rules that may hold for a
// message (its department's and the global one), a scope's rules, and their upsert.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../infra/db';

export const GLOBAL_SCOPE = 'global';

/** The department's and the global rule of one event and recipient. */
export function rulesFor(db: Database, event: string, recipient: string, departmentId: string | null) {
  return db
    .selectFrom('NotificationRule')
    .select(['scope', 'enabled', 'channel'])
    .where('event', '=', event)
    .where('recipient', '=', recipient)
    .where('scope', 'in', departmentId ? [GLOBAL_SCOPE, departmentId] : [GLOBAL_SCOPE])
    .execute();
}

/** Every rule of these scopes (the global one and a department's). */
export function rulesOfScopes(db: Database, scopes: string[]) {
  return db.selectFrom('NotificationRule').select(['scope', 'event', 'recipient', 'enabled', 'channel']).where('scope', 'in', scopes).execute();
}

export async function upsertRules(
  db: Database,
  scope: string,
  departmentId: string | null,
  actorId: string,
  rules: { event: string; recipient: string; enabled: boolean; channel: string }[],
): Promise<void> {
  await db
    .insertInto('NotificationRule')
    .values(rules.map((r) => ({ id: randomUUID(), scope, departmentId, updatedById: actorId, updatedAt: new Date(), ...r })))
    .onConflict((oc) =>
      oc.columns(['scope', 'event', 'recipient']).doUpdateSet((eb) => ({
        enabled: eb.ref('excluded.enabled'),
        channel: eb.ref('excluded.channel'),
        updatedById: eb.ref('excluded.updatedById'),
        updatedAt: eb.ref('excluded.updatedAt'),
      })),
    )
    .execute();
}

/** The department with this id, when it exists. */
export function departmentById(db: Database, id: string) {
  return db.selectFrom('Department').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
}

/** The departments with these ids, by name. */
export function departmentsByIds(db: Database, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('Department').select(['id', 'code', 'name']).where('id', 'in', ids).orderBy('name').execute();
}

/** Every department, by name (an admin keeps the rules of each). */
export function allDepartments(db: Database) {
  return db.selectFrom('Department').select(['id', 'code', 'name']).orderBy('name').execute();
}
