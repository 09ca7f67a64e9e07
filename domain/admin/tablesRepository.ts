// The rows of each admin table as the admin pages show them: list, insert, update (each
// returning the row as shown).
import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type Updateable } from 'kysely';
import type { Asset, BusinessCalendar, Department, Employee, ProblemType, RoutingRule, Service, SlaContract } from '../../generated/kysely/database';
import type { Database } from '../../infra/db';

/** An UPDATE must set something: with no change the id is set to itself, and the row comes back as it is. */
const orSame = <U extends object>(changes: U) => (Object.values(changes).some((v) => v !== undefined) ? changes : { ...changes, id: sql<string>`id` });
/** JSON columns take the value as JSON text (pg would make a JS array a Postgres array). */
const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));

type New<T> = Omit<Insertable<T>, 'id' | 'createdAt' | 'updatedAt'>;
type Change<T> = Omit<Updateable<T>, 'id' | 'createdAt' | 'updatedAt'>;

const DEPARTMENT = ['id', 'code', 'name', 'parentId', 'headId', 'calendarId'] as const;
export const listDepartments = (db: Database) => db.selectFrom('Department').select(DEPARTMENT).orderBy('code').execute();
/** Every department's place in the tree. */
export const departmentTree = (db: Database) => db.selectFrom('Department').select(['id', 'parentId']).execute();
export const insertDepartment = (db: Database, values: New<Department>) =>
  db
    .insertInto('Department')
    .values({ id: randomUUID(), ...values })
    .returning(DEPARTMENT)
    .executeTakeFirstOrThrow();
export const updateDepartment = (db: Database, id: string, changes: Change<Department>) =>
  db.updateTable('Department').set(orSame(changes)).where('id', '=', id).returning(DEPARTMENT).executeTakeFirst();

const SERVICE = ['id', 'code', 'name', 'description', 'serviceClass', 'serviceType', 'departmentId', 'slaContractId'] as const;
export const listServices = (db: Database) => db.selectFrom('Service').select(SERVICE).orderBy('code').execute();
export const insertService = (db: Database, values: New<Service>) =>
  db
    .insertInto('Service')
    .values({ id: randomUUID(), ...values })
    .returning(SERVICE)
    .executeTakeFirstOrThrow();
export const updateService = (db: Database, id: string, changes: Change<Service>) =>
  db.updateTable('Service').set(orSame(changes)).where('id', '=', id).returning(SERVICE).executeTakeFirst();

type CalendarValues<T> = Omit<T, 'week'> & { week?: unknown };
/** The catalog's services with their department, by name; `text` limits them to those whose code, name or description contain it (any case). */
export const catalogEntries = (db: Database, text: string | null) =>
  db
    .selectFrom('Service as s')
    .innerJoin('Department as d', 'd.id', 's.departmentId')
    .select(['s.code', 's.name', 's.description', 's.serviceClass', 's.serviceType', 'd.code as departmentCode', 'd.name as departmentName'])
    .$if(text !== null, (q) =>
      q.where((eb) => eb.or([eb('s.code', 'ilike', `%${text}%`), eb('s.name', 'ilike', `%${text}%`), eb('s.description', 'ilike', `%${text}%`)])),
    )
    .orderBy('s.name')
    .execute();

const CALENDAR = ['id', 'name', 'timezone', 'week', 'holidays', 'isDefault'] as const;
export const listCalendars = (db: Database) => db.selectFrom('BusinessCalendar').select(CALENDAR).orderBy('name').execute();
export const insertCalendar = (db: Database, values: CalendarValues<New<BusinessCalendar>>) =>
  db
    .insertInto('BusinessCalendar')
    .values({ id: randomUUID(), ...values, week: json(values.week) })
    .returning(CALENDAR)
    .executeTakeFirstOrThrow();
export const updateCalendar = (db: Database, id: string, changes: CalendarValues<Change<BusinessCalendar>>) =>
  db
    .updateTable('BusinessCalendar')
    .set(orSame({ ...changes, week: json(changes.week) }))
    .where('id', '=', id)
    .returning(CALENDAR)
    .executeTakeFirst();

type ContractValues<T> = Omit<T, 'targets'> & { targets?: unknown };
const CONTRACT = ['id', 'name', 'targets', 'isDefault', 'reopenWindowSeconds'] as const;
export const listSlaContracts = (db: Database) => db.selectFrom('SlaContract').select(CONTRACT).orderBy('name').execute();
export const insertSlaContract = (db: Database, values: ContractValues<New<SlaContract>>) =>
  db
    .insertInto('SlaContract')
    .values({ id: randomUUID(), ...values, targets: json(values.targets) })
    .returning(CONTRACT)
    .executeTakeFirstOrThrow();
export const updateSlaContract = (db: Database, id: string, changes: ContractValues<Change<SlaContract>>) =>
  db
    .updateTable('SlaContract')
    .set(orSame({ ...changes, targets: json(changes.targets) }))
    .where('id', '=', id)
    .returning(CONTRACT)
    .executeTakeFirst();

const EMPLOYEE = ['id', 'username', 'fullName', 'email', 'roles', 'departmentId', 'capacity', 'onShift', 'timezone', 'locale', 'active'] as const;
export const listEmployees = (db: Database) => db.selectFrom('Employee').select(EMPLOYEE).orderBy('username').execute();
export const employeeRow = (db: Database, id: string) => db.selectFrom('Employee').select(EMPLOYEE).where('id', '=', id).executeTakeFirst();
export const updateEmployee = (db: Database, id: string, changes: Change<Employee>) =>
  db
    .updateTable('Employee')
    .set({ ...changes, updatedAt: new Date() })
    .where('id', '=', id)
    .returning(EMPLOYEE)
    .executeTakeFirst();

const ASSET = ['id', 'name', 'serviceClass', 'serviceType', 'serviceId', 'location', 'ownerId', 'departmentId', 'serial', 'qrToken', 'active'] as const;
export const listAssets = (db: Database) => db.selectFrom('Asset').select(ASSET).orderBy('location').orderBy('name').execute();
export const insertAsset = (db: Database, values: New<Asset>) =>
  db
    .insertInto('Asset')
    .values({ id: randomUUID(), ...values, updatedAt: new Date() })
    .returning(ASSET)
    .executeTakeFirstOrThrow();
export const updateAsset = (db: Database, id: string, changes: Change<Asset>) =>
  db
    .updateTable('Asset')
    .set({ ...changes, updatedAt: new Date() })
    .where('id', '=', id)
    .returning(ASSET)
    .executeTakeFirst();

const RULE = ['id', 'serviceClass', 'serviceType', 'problemType', 'departmentId', 'priority'] as const;
/** The routing rules, the higher priority first, then the older. */
export const listRoutingRules = (db: Database) => db.selectFrom('RoutingRule').select(RULE).orderBy('priority', 'desc').orderBy('createdAt').execute();
export const routingRule = (db: Database, id: string) => db.selectFrom('RoutingRule').select(RULE).where('id', '=', id).executeTakeFirst();
/** Whether a rule other than `exceptId` matches anything (every field empty). */
export async function defaultRuleExists(db: Database, exceptId: string | null): Promise<boolean> {
  const row = await db
    .selectFrom('RoutingRule')
    .select('id')
    .where('serviceClass', 'is', null)
    .where('serviceType', 'is', null)
    .where('problemType', 'is', null)
    .$if(exceptId !== null, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
  return row !== undefined;
}
export const insertRoutingRule = (db: Database, values: New<RoutingRule>) =>
  db
    .insertInto('RoutingRule')
    .values({ id: randomUUID(), ...values })
    .returning(RULE)
    .executeTakeFirstOrThrow();
export const updateRoutingRule = (db: Database, id: string, changes: Change<RoutingRule>) =>
  db.updateTable('RoutingRule').set(orSame(changes)).where('id', '=', id).returning(RULE).executeTakeFirst();

export const listProblemTypes = (db: Database) => db.selectFrom('ProblemType').selectAll().orderBy('serviceType').orderBy('code').execute();
export const problemType = (db: Database, id: string) => db.selectFrom('ProblemType').selectAll().where('id', '=', id).executeTakeFirst();
/** Whether a problem type other than `exceptId` has the service type and code. */
export async function problemTypeTaken(db: Database, serviceType: string, code: string, exceptId: string | null): Promise<boolean> {
  const row = await db
    .selectFrom('ProblemType')
    .select('id')
    .where('serviceType', '=', serviceType)
    .where('code', '=', code)
    .$if(exceptId !== null, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
  return row !== undefined;
}
export const insertProblemType = (db: Database, values: New<ProblemType>) =>
  db
    .insertInto('ProblemType')
    .values({ id: randomUUID(), ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
export const updateProblemType = (db: Database, id: string, changes: Change<ProblemType>) =>
  db.updateTable('ProblemType').set(orSame(changes)).where('id', '=', id).returningAll().executeTakeFirst();
