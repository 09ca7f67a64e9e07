// The statements of satisfaction surveys (surveys.ts): the request a survey is about, the answer,
// the report over a reader's scope, and the low scores whose supervisors are not alerted yet.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import type { Actor } from '../access/identity';
import { incidentStaffLevel, requestLevel } from '../access/repository';
import type { AccessLevel } from '../access/levels';

/** The request with what its survey page shows, its answer when there is one, and the reader's level on it (when a reader is given). */
export const surveyedRequest = (db: Database, requestId: string, reader?: Actor) =>
  db
    .selectFrom('ServiceRequest as r')
    .innerJoin('Service as s', 's.id', 'r.serviceId')
    .innerJoin('Client as c', 'c.id', 'r.clientId')
    .leftJoin('Incident as i', 'i.requestId', 'r.id')
    .leftJoin('SatisfactionSurvey as v', 'v.requestId', 'r.id')
    .select(['r.id', 'r.status', 'r.closeReason', 'r.closedAt', 'c.locale', 's.name as serviceName', 's.departmentId as serviceDepartmentId'])
    .select(['i.id as incidentId', 'i.title', 'i.departmentId', 'v.score', 'v.comment'])
    .select(reader ? requestLevel(reader).as('access') : sql<AccessLevel | null>`NULL`.as('access'))
    .where('r.id', '=', requestId)
    .where('r.deletedAt', 'is', null)
    .executeTakeFirst();

/** Writes the answer unless one is stored; whether this wrote it. */
export async function insertAnswer(
  db: Database,
  a: { requestId: string; incidentId: string | null; departmentId: string | null; score: number; comment: string; channel: string },
): Promise<boolean> {
  const done = await db
    .insertInto('SatisfactionSurvey')
    .values({ id: randomUUID(), ...a })
    .onConflict((oc) => oc.column('requestId').doNothing())
    .executeTakeFirst();
  return (done.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Adds a comment to a stored answer that has none. */
export async function addComment(db: Database, requestId: string, comment: string): Promise<void> {
  await db.updateTable('SatisfactionSurvey').set({ comment }).where('requestId', '=', requestId).where('comment', '=', '').execute();
}

/** The answers of a period on the incidents the reader works (the joins the access rule reads). */
const answersInScope = (db: Database, actor: Actor, from: string, to: string) =>
  db
    .selectFrom('SatisfactionSurvey as v')
    .innerJoin('Incident as i', 'i.id', 'v.incidentId')
    .innerJoin('ServiceRequest as r', 'r.id', 'i.requestId')
    .innerJoin('Client as c', 'c.id', 'r.clientId')
    .innerJoin('Service as s', 's.id', 'i.serviceId')
    .where(sql<boolean>`v."answeredAt" >= ${from}::date AND v."answeredAt" < ${to}::date + 1`)
    .where(incidentStaffLevel(actor));

/** Answers in the period on the incidents the reader works, per score. */
export function scoresInScope(db: Database, actor: Actor, from: string, to: string) {
  return answersInScope(db, actor, from, to)
    .select('v.score')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .groupBy('v.score')
    .execute();
}

/** The latest low answers in the period on the reader's incidents, for the report. */
export function lowAnswersInScope(db: Database, actor: Actor, from: string, to: string, atMost: number, limit: number) {
  return answersInScope(db, actor, from, to)
    .select(['v.requestId', 'v.incidentId', 'i.title', 'v.score', 'v.comment', 'v.answeredAt'])
    .where('v.score', '<=', atMost)
    .orderBy('v.answeredAt', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Low answers of the last day whose department's supervisors have not all been told yet (their
 * notification key survey-low:<request>:<supervisor> is neither delivered nor given up).
 */
export function lowAnswersToAlert(db: Database, atMost: number, since: Date) {
  const key = sql<string>`'survey-low:' || v."requestId"::text || ':' || e.id`;
  return db
    .selectFrom('SatisfactionSurvey as v')
    .innerJoin('Incident as i', 'i.id', 'v.incidentId')
    .innerJoin('Employee as e', (join) => join.on(sql<boolean>`e."departmentId" = i."departmentId" AND 'supervisor' = ANY(e.roles) AND e.active`))
    .select(['v.requestId', 'v.incidentId', 'i.title', 'i.departmentId', 'v.score', 'v.comment', 'e.id as supervisorId'])
    .select(['e.email', 'e.phone', 'e.locale', 'e.timezone', 'e.notifyChannels', 'e.quietHoursStart', 'e.quietHoursEnd'])
    .where('v.score', '<=', atMost)
    .where('v.answeredAt', '>=', since)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('Notification as n').select('n.id').where('n.key', '=', key))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('NotificationAttempt as a').select('a.id').where('a.key', '=', key).where('a.outcome', '=', 'undelivered'))))
    .orderBy('v.answeredAt')
    .limit(100)
    .execute();
}
