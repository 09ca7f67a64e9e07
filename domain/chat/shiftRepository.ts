// The shift statements: one open shift per agent (a partial unique index), pauses folded into
// pausedSeconds, and the hand-over of an agent's conversations when they clock out.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import { notifyChat } from './repository';
import { LOAD } from './distributionRepository';

/** A picker longer than this is no longer read: a desk's shift is tens of agents. */
const COLLEAGUES = 200;
const SHIFT = ['id', 'employeeId', 'startedAt', 'endedAt', 'pausedAt', 'pausedSeconds'] as const;

export const openShift = (db: Database, employeeId: string) =>
  db.selectFrom('AgentShift').select(SHIFT).where('employeeId', '=', employeeId).where('endedAt', 'is', null).executeTakeFirst();

/** Opens a shift unless one is open already. */
export async function insertShift(db: Database, employeeId: string): Promise<void> {
  await db
    .insertInto('AgentShift')
    .values({ id: randomUUID(), employeeId })
    .onConflict((oc) => oc.column('employeeId').where('endedAt', 'is', null).doNothing())
    .execute();
}

export async function pauseShift(db: Database, employeeId: string): Promise<void> {
  await db
    .updateTable('AgentShift')
    .set({ pausedAt: sql<Date>`now()` })
    .where('employeeId', '=', employeeId)
    .where('endedAt', 'is', null)
    .where('pausedAt', 'is', null)
    .execute();
}

const pauseSoFar = sql<number>`coalesce(extract(epoch FROM now() - "pausedAt")::int, 0)`;

export async function resumeShift(db: Database, employeeId: string): Promise<void> {
  await db
    .updateTable('AgentShift')
    .set({ pausedSeconds: sql<number>`"pausedSeconds" + ${pauseSoFar}`, pausedAt: null })
    .where('employeeId', '=', employeeId)
    .where('endedAt', 'is', null)
    .where('pausedAt', 'is not', null)
    .execute();
}

export async function endShift(db: Database, employeeId: string): Promise<void> {
  await db
    .updateTable('AgentShift')
    .set({ pausedSeconds: sql<number>`"pausedSeconds" + ${pauseSoFar}`, pausedAt: null, endedAt: sql<Date>`now()` })
    .where('employeeId', '=', employeeId)
    .where('endedAt', 'is', null)
    .execute();
}

/** Puts the agent's open conversations (active or offered) back in their queues; returns their ids. */
export async function handOver(db: Database, employeeId: string): Promise<string[]> {
  const rows = await db
    .updateTable('Conversation')
    .set({ status: 'WAITING', assigneeId: null, offeredToId: null, offeredAt: null, updatedAt: new Date() })
    .where('status', '!=', 'CLOSED')
    .where((eb) => eb.or([eb('assigneeId', '=', employeeId), eb('offeredToId', '=', employeeId)]))
    .returning('id')
    .execute();
  for (const r of rows) await notifyChat(db, r.id, 'state');
  return rows.map((r) => r.id);
}

/** The agent's conversations now: active ones plus offers waiting for their accept. */
export async function loadOf(db: Database, employeeId: string): Promise<number> {
  const row = await db
    .selectFrom('Conversation')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('status', '!=', 'CLOSED')
    .where((eb) => eb.or([eb('assigneeId', '=', employeeId), eb('offeredToId', '=', employeeId)]))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Agents on an open shift (paused too) other than `except`, with their department and open chats: whom a chat may be handed to. */
export const colleaguesOnShift = (db: Database, except: string) =>
  db
    .selectFrom('AgentShift as s')
    .innerJoin('Employee as e', 'e.id', 's.employeeId')
    .leftJoin('Department as d', 'd.id', 'e.departmentId')
    .select(['e.id', 'e.fullName', 'e.username', 'd.code as departmentCode', 'd.name as departmentName', 's.pausedAt', LOAD.as('chats')])
    .where('s.endedAt', 'is', null)
    .where('e.id', '!=', except)
    .where('e.active', '=', true)
    .where(sql<boolean>`'agent' = ANY(e.roles)`)
    .orderBy('e.fullName')
    .orderBy('e.id')
    .limit(COLLEAGUES)
    .execute();
