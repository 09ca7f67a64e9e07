// The statements of the home page (home.ts): one section of incidents or requests in the
// reader's scope (access/repository.ts decides it), its true count and its first rows.
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../infra/db';
import type { Actor } from '../access/identity';
import { incidentStaffLevel, requestVisible } from '../access/repository';
import { OPEN_STATUSES } from '../process/states';

/** The next due time of an incident: its response until someone responded, then its resolution. */
const nextDue = sql<Date | null>`(CASE WHEN i."firstResponseAt" IS NULL THEN i."responseDueAt" ELSE i."resolutionDueAt" END)`;

export type IncidentSection = 'mine' | 'waiting' | 'dueSoon';

function sectionCondition(actor: Actor, section: IncidentSection, dueBefore: Date): RawBuilder<boolean> {
  if (section === 'mine') return sql<boolean>`i."assigneeId" = ${actor.id}`;
  if (section === 'waiting') return sql<boolean>`(i."assigneeId" IS NULL AND ${incidentStaffLevel(actor)})`;
  // The SLA clock stands while the incident waits for the client: nothing comes due then.
  return sql<boolean>`(i.status <> 'WAITING_FOR_CLIENT' AND ${nextDue} <= ${dueBefore} AND ${incidentStaffLevel(actor)})`;
}

/** One incident section: the open incidents it holds, soonest due first, and how many there are. */
export async function incidentSection(db: Database, actor: Actor, section: IncidentSection, dueBefore: Date, limit: number) {
  const base = db
    .selectFrom('Incident as i')
    .innerJoin('ServiceRequest as r', 'r.id', 'i.requestId')
    .innerJoin('Client as c', 'c.id', 'r.clientId')
    .innerJoin('Service as s', 's.id', 'i.serviceId')
    .where('i.status', 'in', OPEN_STATUSES)
    .where(sectionCondition(actor, section, dueBefore));
  const [rows, total] = await Promise.all([
    base
      .select(['i.id', 'i.requestId', 'i.title', 'i.status', 'i.priority', 'c.name as clientName', 's.name as serviceName', nextDue.as('dueAt')])
      .select(sql<boolean>`(i."responseBreached" OR i."resolutionBreached")`.as('breached'))
      .orderBy(sql`${nextDue} ASC NULLS LAST`)
      .orderBy('i.createdAt')
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, count: Number(total.n) };
}

/** A requester's requests not closed yet (as the journal shows them to them), newest first. */
export async function openRequestsOf(db: Database, actor: Actor, limit: number) {
  const base = db
    .selectFrom('ServiceRequest as r')
    .innerJoin('Client as c', 'c.id', 'r.clientId')
    .innerJoin('Service as s', 's.id', 'r.serviceId')
    .leftJoin('Incident as i', 'i.requestId', 'r.id')
    .where('r.status', '<>', 'CLOSED')
    // A requester sees exactly their own and those they filed (access/repository.ts): no second form of that rule here.
    .where(requestVisible(actor));
  const [rows, total] = await Promise.all([
    base
      .select(['r.id', 'r.status', 'r.description', 'r.createdAt', 's.name as serviceName', 'i.id as incidentId', 'i.status as incidentStatus'])
      .orderBy('r.createdAt', 'desc')
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, count: Number(total.n) };
}
