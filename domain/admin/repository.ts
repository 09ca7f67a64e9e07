// The statements every admin table shares: does a row exist, is a code or name taken, which
// rows still use a row, clearing the previous default, deleting one row.
import { sql } from 'kysely';
import type { DB } from '../../generated/kysely/database';
import type { Database } from '../../infra/db';

/** Tables whose rows admins keep or point at by id. */
export type AdminTable = 'Department' | 'Employee' | 'BusinessCalendar' | 'SlaContract' | 'Service' | 'Asset' | 'RoutingRule' | 'ProblemType';

export async function rowExists(db: Database, table: AdminTable, id: string): Promise<boolean> {
  return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** A value no two rows of the table may share: departments' and services' codes, calendars' and SLA contracts' names. */
export type UniqueKey = readonly ['Department' | 'Service', 'code'] | readonly ['BusinessCalendar' | 'SlaContract', 'name'];

/** Whether another row (not `exceptId`) has the value. */
export async function taken(db: Database, [table, column]: UniqueKey, value: string, exceptId: string | null): Promise<boolean> {
  const row = await db
    .selectFrom(table)
    .select('id')
    .where(column, '=', value)
    .$if(exceptId !== null, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
  return row !== undefined;
}

/** Every row but `exceptId` stops being the default. */
export async function clearDefault(db: Database, table: 'BusinessCalendar' | 'SlaContract', exceptId: string | null): Promise<void> {
  await db
    .updateTable(table)
    .set({ isDefault: false })
    .$if(exceptId !== null, (q) => q.where('id', '<>', exceptId!))
    .execute();
}

export async function deleteRow(db: Database, table: AdminTable, id: string): Promise<void> {
  await db.deleteFrom(table).where('id', '=', id).execute();
}

/** A table and its column that points at another row. */
export type ReferencingColumn = { [T in keyof DB]: readonly [T, keyof DB[T] & string] }[keyof DB];

const counts = (table: AdminTable, references: Record<string, ReferencingColumn>) =>
  Object.entries(references).map(([name, [from, column]]) =>
    sql<string>`(SELECT count(*) FROM ${sql.table(from)} AS u WHERE ${sql.ref(`u.${column}`)} = ${sql.ref(`${table}.id`)})`.as(name),
  );
const numbers = <K extends string>(row: Record<string, unknown>, references: Record<K, ReferencingColumn>) =>
  Object.fromEntries(Object.keys(references).map((name) => [name, Number(row[name])])) as Record<K, number>;

/** How many rows of each reference point at the row, in one statement; undefined when the row does not exist. */
export async function usage<K extends string>(
  db: Database,
  table: AdminTable,
  id: string,
  references: Record<K, ReferencingColumn>,
): Promise<Record<K, number> | undefined> {
  const row = await db.selectFrom(table).select(counts(table, references)).where('id', '=', id).executeTakeFirst();
  return row && numbers(row, references);
}

/** As usage, and whether the row is the default. */
export async function defaultRowUsage<K extends string>(
  db: Database,
  table: 'BusinessCalendar' | 'SlaContract',
  id: string,
  references: Record<K, ReferencingColumn>,
): Promise<{ isDefault: boolean; used: Record<K, number> } | undefined> {
  const row = await db.selectFrom(table).select('isDefault').select(counts(table, references)).where('id', '=', id).executeTakeFirst();
  return row && { isDefault: row.isDefault, used: numbers(row, references) };
}

/** The rows that keep a department from being deleted. */
export const departmentUsage = (db: Database, id: string) =>
  usage(db, 'Department', id, {
    children: ['Department', 'parentId'],
    employees: ['Employee', 'departmentId'],
    services: ['Service', 'departmentId'],
    incidents: ['Incident', 'departmentId'],
    routingRules: ['RoutingRule', 'departmentId'],
  });
/** The requests filed for a service. */
export const serviceUsage = (db: Database, id: string) => usage(db, 'Service', id, { requests: ['ServiceRequest', 'serviceId'] });
/** The requests about an asset. */
export const assetUsage = (db: Database, id: string) => usage(db, 'Asset', id, { requests: ['ServiceRequest', 'assetId'] });
/** The departments working by a calendar, and whether it is the default. */
export const calendarUsage = (db: Database, id: string) => defaultRowUsage(db, 'BusinessCalendar', id, { departments: ['Department', 'calendarId'] });
/** The services and clients under an SLA contract, and whether it is the default. */
export const slaContractUsage = (db: Database, id: string) =>
  defaultRowUsage(db, 'SlaContract', id, { services: ['Service', 'slaContractId'], clients: ['Client', 'slaContractId'] });
