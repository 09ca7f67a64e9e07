// The statements of links between incidents (mass.ts, links.ts): a mass incident's children
// (requests), merged duplicates and "related to" pairs. Every reference read here is narrowed
// to what the reader may see (access/repository.ts): a link never shows a foreign incident.
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import { incidentVisible } from '../access/repository';
import type { Actor } from '../access/identity';
import { OPEN_STATUSES } from '../process/states';

/** The columns of an incident as a link shows it, over the aliases the access rule reads. */
const refs = (db: Database, actor: Actor) =>
  db
    .selectFrom('Incident as i')
    .innerJoin('ServiceRequest as r', 'r.id', 'i.requestId')
    .innerJoin('Client as c', 'c.id', 'r.clientId')
    .innerJoin('Service as s', 's.id', 'i.serviceId')
    .select(['i.id', 'i.requestId', 'i.title', 'i.status', 'i.createdAt'])
    .where(incidentVisible(actor));

export type IncidentRefRow = Awaited<ReturnType<ReturnType<typeof refs>['execute']>>[number];

/** The incident's own link columns: whether it is a mass incident, which it was merged into, its parent. */
export function linkColumnsOf(db: Database, incidentId: string) {
  return db
    .selectFrom('Incident as i')
    .leftJoin('MassIncidentChild as m', 'm.requestId', 'i.requestId')
    .select(['i.massSince', 'i.mergedIntoId', 'm.parentIncidentId'])
    .where('i.id', '=', incidentId)
    .executeTakeFirst();
}

export const refsByIds = (db: Database, actor: Actor, ids: string[]) =>
  ids.length ? refs(db, actor).where('i.id', 'in', ids).orderBy('i.createdAt').execute() : Promise.resolve([]);

/** The children of a mass incident the reader sees, oldest link first, and how many there are in all. */
export async function childrenOf(db: Database, actor: Actor, parentIncidentId: string) {
  const items = await refs(db, actor)
    .innerJoin('MassIncidentChild as m', 'm.requestId', 'i.requestId')
    .where('m.parentIncidentId', '=', parentIncidentId)
    .orderBy('m.createdAt')
    .orderBy('i.id')
    .execute();
  const total = await db
    .selectFrom('MassIncidentChild')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('parentIncidentId', '=', parentIncidentId)
    .executeTakeFirstOrThrow();
  return { items, total: Number(total.n) };
}

export const mergedInto = (db: Database, actor: Actor, survivorId: string) =>
  refs(db, actor).where('i.mergedIntoId', '=', survivorId).orderBy('i.createdAt').execute();

/** Both directions of "related to". */
export const relatedTo = (db: Database, actor: Actor, incidentId: string) =>
  refs(db, actor)
    .where((eb) =>
      eb.or([
        eb('i.id', 'in', eb.selectFrom('RelatedIncident').select('relatedId').where('incidentId', '=', incidentId)),
        eb('i.id', 'in', eb.selectFrom('RelatedIncident').select('incidentId').where('relatedId', '=', incidentId)),
      ]),
    )
    .orderBy('i.createdAt')
    .execute();

export async function setMass(db: Database, incidentId: string, since: Date | null): Promise<void> {
  await db.updateTable('Incident').set({ massSince: since, updatedAt: new Date() }).where('id', '=', incidentId).execute();
}

/**
 * The incidents above this one in its parent chain (its parent, the parent's parent, ...): a
 * new child that is among them would close a cycle. Bounded at 50 levels.
 */
export async function ancestorsOf(db: Database, incidentId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    WITH RECURSIVE up(id, depth) AS (
      SELECT m."parentIncidentId", 1 FROM "Incident" i JOIN "MassIncidentChild" m ON m."requestId" = i."requestId" WHERE i.id = ${incidentId}
      UNION
      SELECT m."parentIncidentId", up.depth + 1 FROM up
        JOIN "Incident" i ON i.id = up.id
        JOIN "MassIncidentChild" m ON m."requestId" = i."requestId"
      WHERE up.depth < 50
    )
    SELECT id FROM up`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** The parent a request is linked to already, if any. */
export const parentOfRequest = (db: Database, requestId: string) =>
  db.selectFrom('MassIncidentChild').select('parentIncidentId').where('requestId', '=', requestId).executeTakeFirst();

/** Links requests to a parent; a request linked already (to this parent) is left as it is. The ones newly linked. */
export async function insertChildren(db: Database, parentIncidentId: string, requestIds: string[], linkedById: string): Promise<string[]> {
  if (!requestIds.length) return [];
  const rows = await db
    .insertInto('MassIncidentChild')
    .values(requestIds.map((requestId) => ({ requestId, parentIncidentId, linkedById })))
    .onConflict((oc) => oc.column('requestId').doNothing())
    .returning('requestId')
    .execute();
  return rows.map((r) => r.requestId);
}

export async function deleteChild(db: Database, parentIncidentId: string, requestId: string): Promise<boolean> {
  const done = await db.deleteFrom('MassIncidentChild').where('parentIncidentId', '=', parentIncidentId).where('requestId', '=', requestId).executeTakeFirst();
  return done.numDeletedRows > 0n;
}

/** One "related to" pair, smaller id first; false when it existed already. */
export async function insertRelated(db: Database, a: string, b: string, createdById: string): Promise<boolean> {
  const [incidentId, relatedId] = a < b ? [a, b] : [b, a];
  const rows = await db
    .insertInto('RelatedIncident')
    .values({ incidentId, relatedId, createdById })
    .onConflict((oc) => oc.doNothing())
    .returning('incidentId')
    .execute();
  return rows.length > 0;
}

export async function deleteRelated(db: Database, a: string, b: string): Promise<boolean> {
  const [incidentId, relatedId] = a < b ? [a, b] : [b, a];
  const done = await db.deleteFrom('RelatedIncident').where('incidentId', '=', incidentId).where('relatedId', '=', relatedId).executeTakeFirst();
  return done.numDeletedRows > 0n;
}

/**
 * The intake offer's rule (mass.ts, MATCH_RULE): the open mass incidents of the service the
 * new request is filed under, in the operator's scope, newest first, at most 5.
 */
export const activeMassOfService = (db: Database, actor: Actor, serviceCode: string) =>
  refs(db, actor)
    .where('i.massSince', 'is not', null)
    .where('s.code', '=', serviceCode)
    .where('i.status', 'in', [...OPEN_STATUSES])
    .orderBy('i.massSince', 'desc')
    .limit(5)
    .execute();

/** The requests linked to a mass incident that are not closed yet: the workflows its resolution tells (lifecycle). */
export async function openChildRequests(db: Database, parentIncidentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('MassIncidentChild as m')
    .innerJoin('ServiceRequest as r', 'r.id', 'm.requestId')
    .select('m.requestId')
    .where('m.parentIncidentId', '=', parentIncidentId)
    .where('r.status', '<>', 'CLOSED')
    .orderBy('m.createdAt')
    .orderBy('m.requestId')
    .execute();
  return rows.map((r) => r.requestId);
}
