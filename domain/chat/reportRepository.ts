// The chat report's statements: per agent, the conversations they held that started in the
// period (handled, first response, handling and waiting times) and their time on shift within
// it; and the totals of every conversation the reader sees that started in the period.
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import type { Actor } from '../access/identity';
import { colleagueInReports, conversationVisible } from '../access/repository';

/** Seconds between two columns, averaged over the rows where both are set. */
const avgSeconds = (later: string, earlier: string) => sql<string | null>`avg(extract(epoch FROM ${sql.ref(later)} - ${sql.ref(earlier)}))`;
const inPeriod = (start: Date, end: Date) => sql<boolean>`v."createdAt" >= ${start} AND v."createdAt" < ${end}`;
/** The three times of a conversation, averaged: to the first answer, accepted to closed, waiting for an agent. */
const TIMES = [
  avgSeconds('v.firstResponseAt', 'v.createdAt').as('firstResponse'),
  sql<string | null>`avg(extract(epoch FROM v."closedAt" - v."acceptedAt")) FILTER (WHERE v.status = 'CLOSED')`.as('handling'),
  avgSeconds('v.acceptedAt', 'v.createdAt').as('waiting'),
] as const;

export function conversationsByAgent(db: Database, actor: Actor, start: Date, end: Date) {
  return db
    .selectFrom('Conversation as v')
    .innerJoin('Employee as e', 'e.id', 'v.assigneeId')
    .select(['v.assigneeId as employeeId', 'e.fullName', 'e.username'])
    .select([
      sql<string>`count(*) FILTER (WHERE v.status = 'CLOSED')`.as('handled'),
      sql<string>`count(*) FILTER (WHERE v.status <> 'CLOSED')`.as('open'),
      ...TIMES,
    ])
    .where(conversationVisible(actor))
    .where(inPeriod(start, end))
    .groupBy(['v.assigneeId', 'e.fullName', 'e.username'])
    .execute();
}

/**
 * Seconds on shift within the period per agent. A shift's pauses are kept as one total, so a
 * shift crossing an edge of the period has all its pause taken off the part inside (never
 * below zero); an open shift counts until now, a running pause is taken off as it stands.
 */
export function shiftTimeByAgent(db: Database, actor: Actor, start: Date, end: Date) {
  const until = sql`least(coalesce(a."endedAt", now()), ${end}::timestamptz)`;
  const from = sql`greatest(a."startedAt", ${start}::timestamptz)`;
  const paused = sql`a."pausedSeconds" + coalesce(extract(epoch FROM now() - a."pausedAt"), 0)`;
  return db
    .selectFrom('AgentShift as a')
    .innerJoin('Employee as e', 'e.id', 'a.employeeId')
    .select(['a.employeeId', 'e.fullName', 'e.username'])
    .select(sql<string>`sum(greatest(0, extract(epoch FROM ${until} - ${from}) - ${paused}))`.as('shiftSeconds'))
    .where(colleagueInReports(actor))
    .where('a.startedAt', '<', end)
    .where(sql<boolean>`coalesce(a."endedAt", now()) > ${start}`)
    .groupBy(['a.employeeId', 'e.fullName', 'e.username'])
    .execute();
}

export function conversationTotals(db: Database, actor: Actor, start: Date, end: Date) {
  return db
    .selectFrom('Conversation as v')
    .select([
      sql<string>`count(*)`.as('started'),
      sql<string>`count(*) FILTER (WHERE v.status = 'CLOSED' AND v."acceptedAt" IS NOT NULL)`.as('handled'),
      sql<string>`count(*) FILTER (WHERE v.status = 'CLOSED' AND v."acceptedAt" IS NULL)`.as('missed'),
      sql<string>`count(*) FILTER (WHERE v.status = 'WAITING')`.as('waitingNow'),
      ...TIMES,
    ])
    .where(conversationVisible(actor))
    .where(inPeriod(start, end))
    .executeTakeFirstOrThrow();
}
