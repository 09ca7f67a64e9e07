// The statements that check our side of a mapping (mappingCheck.ts): an employee by e-mail or
// login, a service or problem type by code, and the people a held value may be (suggestions).
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import { serviceWhere } from '../requests/intakeRepository';

/** The active employee whose e-mail or login is this, compared without case. */
export function employeeByEmailOrLogin(db: Database, value: string) {
  const v = value.toLowerCase();
  return db
    .selectFrom('Employee')
    .select(['id', 'email', 'username', 'fullName'])
    .where('active', '=', true)
    .where((eb) => eb.or([eb(sql<string>`lower(email)`, '=', v), eb(sql<string>`lower(username)`, '=', v)]))
    .executeTakeFirst();
}

/** A service code or an active problem type code exists (a Redmine tracker maps to either). */
export async function serviceOrProblemTypeExists(db: Database, code: string): Promise<boolean> {
  return (await isServiceCode(db, code)) || isProblemTypeCode(db, code);
}

/**
 * Held person values with no mapping yet whose value is an active employee's e-mail or login, or
 * whose e-mail's name part is an employee's login (RT user "olga@corp" for our "olga").
 */
export function heldPeopleMatches(db: Database) {
  return db
    .selectFrom('SyncHeld as h')
    .innerJoin('Employee as e', (join) =>
      join.on((eb) =>
        eb.or([
          eb(sql<string>`lower(h.value)`, '=', sql<string>`lower(e.email)`),
          eb(sql<string>`lower(h.value)`, '=', sql<string>`lower(e.username)`),
          eb(sql<string>`lower(split_part(h.value, '@', 1))`, '=', sql<string>`lower(e.username)`),
        ]),
      ),
    )
    .leftJoin('SyncMapping as m', (join) =>
      join
        .onRef('m.system', '=', 'h.system')
        .on('m.kind', '=', 'person')
        .on(sql<boolean>`lower(m.remote) = lower(h.value)`),
    )
    .select(['h.system', 'h.value as remote', 'e.email as local', 'e.fullName', 'e.username'])
    .distinct()
    .where('h.kind', '=', 'person')
    .where('h.resolvedAt', 'is', null)
    .where('e.active', '=', true)
    .where('m.id', 'is', null)
    .orderBy('h.system')
    .orderBy('h.value')
    .limit(200)
    .execute();
}

/** Whether a tracker's code (mappingCheck.ts: a service or a problem type) is a service's: the intake's own lookup. */
export async function isServiceCode(db: Database, code: string): Promise<boolean> {
  return Boolean(await serviceWhere(db, 'code', code));
}

/** An active problem type has this code (a custom field mapped to our problemType must name one). */
export async function isProblemTypeCode(db: Database, code: string): Promise<boolean> {
  return Boolean(await db.selectFrom('ProblemType').select('id').where('code', '=', code).where('active', '=', true).executeTakeFirst());
}
