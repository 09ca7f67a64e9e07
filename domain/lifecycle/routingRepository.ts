// The statements of routing (routing.ts).
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../infra/db';

/**
 * What routing reads of a request, in one statement: its priority and problem type; the class
 * and type it is routed by (a request about an asset by the asset's: a printer is a printer
 * whatever service it was filed under); its SLA contract (the client's first, a key account,
 * then the service's, then the default one); and every routing rule.
 */
export function requestRouting(db: Database, requestId: string) {
  return db
    .selectFrom('ServiceRequest as r')
    .innerJoin('Service as s', 's.id', 'r.serviceId')
    .innerJoin('Client as cl', 'cl.id', 'r.clientId')
    .leftJoin('Asset as a', 'a.id', 'r.assetId')
    .leftJoin('SlaContract as c', (join) =>
      join.on(sql<boolean>`c.id = coalesce(cl."slaContractId", s."slaContractId", (SELECT id FROM "SlaContract" WHERE "isDefault" LIMIT 1))`),
    )
    .select((eb) => [
      'r.priority',
      'r.problemType',
      eb.fn.coalesce('a.serviceClass', 's.serviceClass').as('serviceClass'),
      eb.fn.coalesce('a.serviceType', 's.serviceType').as('serviceType'),
      's.departmentId as serviceDepartmentId',
      'c.targets',
      'c.reopenWindowSeconds',
      jsonArrayFrom(
        eb
          .selectFrom('RoutingRule as x')
          .select(['x.serviceClass', 'x.serviceType', 'x.problemType', 'x.priority', 'x.departmentId'])
          .orderBy('x.createdAt')
          .orderBy('x.id'),
      ).as('rules'),
    ])
    .where('r.id', '=', requestId)
    .executeTakeFirst();
}

/** The department's business calendar, else the default one (none when there is neither); no row when there is no such department. */
export function departmentCalendar(db: Database, departmentId: string) {
  return db
    .selectFrom('Department as d')
    .leftJoin('BusinessCalendar as cal', (join) =>
      join.on(sql<boolean>`cal.id = coalesce(d."calendarId", (SELECT id FROM "BusinessCalendar" WHERE "isDefault" LIMIT 1))`),
    )
    .select(['cal.id', 'cal.timezone', 'cal.week', 'cal.holidays'])
    .where('d.id', '=', departmentId)
    .executeTakeFirst();
}
