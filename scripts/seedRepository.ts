// The demo seed's statements for the catalog and configuration: each an upsert keyed by the
// row's natural key (department and service code, calendar and contract name, problem type, QR
// token), so seeding twice changes nothing. Clients and employees are written by their modules.
import { randomUUID } from 'node:crypto';
import type { Database } from '../infra/db';

export async function upsertDepartment(db: Database, d: { code: string; name: string }): Promise<string> {
  const row = await db
    .insertInto('Department')
    .values({ id: randomUUID(), ...d })
    .onConflict((oc) => oc.column('code').doUpdateSet({ name: d.name }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function upsertService(
  db: Database,
  s: { code: string; name: string; serviceClass: string; serviceType: string; departmentId: string },
): Promise<string> {
  const data = { name: s.name, serviceClass: s.serviceClass, serviceType: s.serviceType, departmentId: s.departmentId };
  const row = await db
    .insertInto('Service')
    .values({ id: randomUUID(), ...s })
    .onConflict((oc) => oc.column('code').doUpdateSet(data))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function upsertCalendar(
  db: Database,
  c: { name: string; timezone: string; week: unknown; holidays: string[]; isDefault: boolean },
): Promise<void> {
  const data = { timezone: c.timezone, week: JSON.stringify(c.week), holidays: c.holidays, isDefault: c.isDefault };
  await db
    .insertInto('BusinessCalendar')
    .values({ id: randomUUID(), name: c.name, ...data })
    .onConflict((oc) => oc.column('name').doUpdateSet(data))
    .execute();
}

export async function upsertSlaContract(db: Database, c: { name: string; isDefault: boolean; reopenWindowSeconds: number; targets: unknown }): Promise<void> {
  const data = { isDefault: c.isDefault, reopenWindowSeconds: c.reopenWindowSeconds, targets: JSON.stringify(c.targets) };
  await db
    .insertInto('SlaContract')
    .values({ id: randomUUID(), name: c.name, ...data })
    .onConflict((oc) => oc.column('name').doUpdateSet(data))
    .execute();
}

/** Adds the rule only to a desk without rules: an admin's own rules are never joined by the demo's. */
export async function addFirstRoutingRule(
  db: Database,
  r: { serviceClass: string; serviceType: string; departmentId: string; priority: number },
): Promise<void> {
  const any = await db.selectFrom('RoutingRule').select('id').limit(1).executeTakeFirst();
  if (!any)
    await db
      .insertInto('RoutingRule')
      .values({ id: randomUUID(), ...r })
      .execute();
}

export async function addProblemType(db: Database, p: { serviceType: string; code: string; nameRu: string; nameEn: string }): Promise<void> {
  await db
    .insertInto('ProblemType')
    .values({ id: randomUUID(), ...p })
    .onConflict((oc) => oc.columns(['serviceType', 'code']).doNothing())
    .execute();
}

export async function addAsset(
  db: Database,
  a: { name: string; serviceClass: string; serviceType: string; serviceId: string; location: string; serial: string; qrToken: string },
): Promise<void> {
  await db
    .insertInto('Asset')
    .values({ id: randomUUID(), ...a })
    .onConflict((oc) => oc.column('qrToken').doNothing())
    .execute();
}
