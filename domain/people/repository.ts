// The people tables: employees mirrored from Keycloak, the built-in HR allow-list and the
// self-registered accounts waiting for it.
import { sql } from 'kysely';
import type { Database } from '../../infra/db';

export const employeeActive = (db: Database, id: string) => db.selectFrom('Employee').select('active').where('id', '=', id).executeTakeFirst();

export interface MirroredEmployee {
  id: string;
  username: string;
  email: string;
  fullName: string;
  phone: string | null;
  managerId: string | null;
  roles: string[];
  active: boolean;
  /** Undefined: the row keeps its language (a new row gets the default). */
  locale?: string;
}

/**
 * Inserts or updates the employee row, in one statement; the department is the one with the
 * code (none when there is no such department). Someone an admin deactivated in the desk stays
 * inactive whatever Keycloak says: only an admin reactivates them.
 */
export async function upsertEmployee(db: Database, e: MirroredEmployee, departmentCode: string | null): Promise<void> {
  const { id, ...data } = e;
  const now = new Date();
  await db
    .insertInto('Employee')
    .values((eb) => ({
      id,
      ...data,
      departmentId: eb.selectFrom('Department').select('id').where('code', '=', departmentCode),
      updatedAt: now,
    }))
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        ...data,
        active: sql<boolean>`excluded.active AND NOT ${eb.ref('Employee.deactivatedInDesk')}`,
        departmentId: eb.ref('excluded.departmentId'),
        updatedAt: now,
      })),
    )
    .execute();
}

/** Deactivates the active employees whose ids are not among `keep`; how many. */
export async function deactivateEmployeesExcept(db: Database, keep: string[]): Promise<number> {
  const result = await db
    .updateTable('Employee')
    .set({ active: false, updatedAt: new Date() })
    .where(sql<boolean>`id <> ALL(${keep}::text[])`)
    .where('active', '=', true)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function departmentCodeExists(db: Database, code: string): Promise<boolean> {
  return (await db.selectFrom('Department').select('id').where('code', '=', code).executeTakeFirst()) !== undefined;
}

export const allowListEntries = (db: Database) => db.selectFrom('HrAllowListEntry').selectAll().orderBy('email').execute();

export const upsertAllowListEntry = (db: Database, email: string, entry: { departmentCode: string | null; note: string }) =>
  db
    .insertInto('HrAllowListEntry')
    .values({ email, ...entry })
    .onConflict((oc) => oc.column('email').doUpdateSet(entry))
    .returningAll()
    .executeTakeFirstOrThrow();

/** How many entries went (0 or 1). */
export async function deleteAllowListEntry(db: Database, email: string): Promise<number> {
  return Number((await db.deleteFrom('HrAllowListEntry').where('email', '=', email).executeTakeFirst()).numDeletedRows);
}

export const pendingAccounts = (db: Database) => db.selectFrom('PendingAccount').selectAll().orderBy('firstSeenAt', 'desc').execute();

export async function upsertPendingAccount(
  db: Database,
  userId: string,
  account: { username: string; email: string; fullName: string; reason: string; lastCheckedAt: Date },
): Promise<void> {
  await db
    .insertInto('PendingAccount')
    .values({ userId, ...account })
    .onConflict((oc) => oc.column('userId').doUpdateSet(account))
    .execute();
}

export async function deletePendingAccount(db: Database, userId: string): Promise<void> {
  await db.deleteFrom('PendingAccount').where('userId', '=', userId).execute();
}
