// The statements of time spent (timeEntries.ts): an incident's entries, one entry, the writes,
// and the report's sums per person over the incidents a reader works (access/repository.ts).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import type { Actor } from '../access/identity';
import { incidentStaffLevel } from '../access/repository';

const entries = (db: Database) =>
  db
    .selectFrom('TimeEntry as t')
    .leftJoin('Employee as e', 'e.id', 't.employeeId')
    .select(['t.id', 't.incidentId', 't.employeeId', 't.minutes', 't.note', 't.createdAt', 'e.fullName', 'e.username'])
    .select(sql<string>`to_char(t."spentOn", 'YYYY-MM-DD')`.as('spentOn'))
    .where('t.deletedAt', 'is', null);

/** The incident's entries, the latest day first. */
export const timeEntriesOf = (db: Database, incidentId: string) =>
  entries(db).where('t.incidentId', '=', incidentId).orderBy('t.spentOn', 'desc').orderBy('t.createdAt', 'desc').execute();

export const timeEntry = (db: Database, incidentId: string, id: string) =>
  entries(db).where('t.incidentId', '=', incidentId).where('t.id', '=', id).executeTakeFirst();

export async function insertTimeEntry(db: Database, entry: { incidentId: string; employeeId: string; minutes: number; note: string; spentOn: string }) {
  const id = randomUUID();
  await db
    .insertInto('TimeEntry')
    .values({ id, ...entry, spentOn: sql<Date>`${entry.spentOn}::date` })
    .execute();
  return id;
}

export async function removeTimeEntry(db: Database, id: string): Promise<boolean> {
  const done = await db.updateTable('TimeEntry').set({ deletedAt: new Date() }).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
  return done.numUpdatedRows > 0n;
}

/** Minutes per person and day range, over the incidents the reader works at staff level. */
export function timeByPerson(db: Database, actor: Actor, from: string, to: string) {
  return db
    .selectFrom('TimeEntry as t')
    .innerJoin('Incident as i', 'i.id', 't.incidentId')
    .innerJoin('ServiceRequest as r', 'r.id', 'i.requestId')
    .innerJoin('Client as c', 'c.id', 'r.clientId')
    .innerJoin('Service as s', 's.id', 'i.serviceId')
    .leftJoin('Employee as e', 'e.id', 't.employeeId')
    .select(['t.employeeId', 'e.fullName', 'e.username'])
    .select((eb) => [eb.fn.sum<string>('t.minutes').as('minutes'), eb.fn.count<string>('t.incidentId').distinct().as('incidents')])
    .where('t.deletedAt', 'is', null)
    .where(sql<boolean>`t."spentOn" BETWEEN ${from}::date AND ${to}::date`)
    .where(incidentStaffLevel(actor))
    .groupBy(['t.employeeId', 'e.fullName', 'e.username'])
    .orderBy(sql`SUM(t.minutes)`, 'desc')
    .execute();
}
