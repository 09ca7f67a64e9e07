// The distribution's statements (chat/distribution.ts): who may take a chat now (an agent of the
// queue's department or of one serving it, on an open, unpaused shift, below the capacity), the pick by the fairness rule of
// incident assignment (lifecycle/assignmentRepository.ts), offers, their withdrawal and the
// escalation mark. Every change notifies "chat_changes" as the rest of the chat does.
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import { fairestFirst } from '../lifecycle/assignmentRepository';
import { notifyChat } from './repository';

/** What the workflow reads at each step: the conversation's state and the settings' timers. */
export const conversationForDistribution = (db: Database, id: string, lock = false) => {
  const q = db
    .selectFrom('Conversation')
    .select(['id', 'status', 'assigneeId', 'offeredToId', 'departmentId', 'createdAt', 'visitorName'])
    .where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
};

/** The agent's (e) open chats: active ones and offers waiting for their accept. */
export const LOAD = sql<number>`(SELECT count(*)::int FROM "Conversation" c WHERE c.status <> 'CLOSED' AND (c."assigneeId" = e.id OR c."offeredToId" = e.id))`;

/**
 * The agents who may take a chat of a queue now, each with their load: those of the departments
 * serving it (its own and those of ChatQueueMember, queueRepository.ts queueDepartments).
 */
const candidates = (db: Database, serving: string[], capacity: number) =>
  db
    .selectFrom('Employee as e')
    .innerJoin('AgentShift as s', (j) => j.onRef('s.employeeId', '=', 'e.id').on('s.endedAt', 'is', null).on('s.pausedAt', 'is', null))
    .select(['e.id', LOAD.as('load')])
    .where('e.departmentId', 'in', serving)
    .where('e.active', '=', true)
    .where(sql<boolean>`'agent' = ANY(e.roles)`)
    .where(sql<boolean>`${LOAD} < ${capacity}`);

/** Free places for a queue now: the sum over the serving departments' available agents of capacity minus load. */
export async function freePlaces(db: Database, serving: string[], capacity: number): Promise<number> {
  const rows = await candidates(db, serving, capacity).execute();
  return rows.reduce((sum, r) => sum + capacity - (r.load ?? 0), 0);
}

/** The agent the fairness rule picks, those who let this chat's offer lapse last in line. */
export async function fairestAgent(db: Database, serving: string[], capacity: number, lapsed: string[]): Promise<string | null> {
  const row = await candidates(db, serving, capacity)
    .orderBy(sql`e.id = ANY(${sql.val(lapsed)}::text[])`)
    .orderBy(fairestFirst(LOAD))
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

const waiting = (db: Database, departmentId: string) =>
  db
    .selectFrom('Conversation as v')
    .where('v.departmentId', '=', departmentId)
    .where('v.status', '=', 'WAITING')
    .where('v.offeredToId', 'is', null)
    .where('v.assigneeId', 'is', null);

/** How many chats of the department waiting without an offer are older than this one. */
export async function olderWaiting(db: Database, departmentId: string, c: { id: string; createdAt: Date }): Promise<number> {
  const row = await waiting(db, departmentId)
    .select(sql<number>`count(*)::int`.as('n'))
    .where(sql<boolean>`(v."createdAt", v.id) < (${c.createdAt}, ${c.id}::uuid)`)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The department's oldest chats waiting without an offer, oldest first. */
export async function oldestWaiting(db: Database, departmentId: string, limit: number, except: string | null = null): Promise<string[]> {
  let q = waiting(db, departmentId).select('v.id');
  if (except) q = q.where('v.id', '!=', except);
  const rows = await q.orderBy('v.createdAt', 'asc').orderBy('v.id', 'asc').limit(limit).execute();
  return rows.map((r) => r.id);
}

export async function setOffer(db: Database, id: string, agentId: string | null): Promise<void> {
  await db
    .updateTable('Conversation')
    .set({ offeredToId: agentId, offeredAt: agentId ? sql<Date>`now()` : null, updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
  await notifyChat(db, id, 'state');
}

/** Withdraws the offer if it is still this agent's and not accepted; whether it was. */
export async function withdrawOffer(db: Database, id: string, agentId: string): Promise<boolean> {
  const row = await db
    .updateTable('Conversation')
    .set({ offeredToId: null, offeredAt: null, updatedAt: new Date() })
    .where('id', '=', id)
    .where('offeredToId', '=', agentId)
    .where('status', '=', 'WAITING')
    .returning('id')
    .executeTakeFirst();
  if (row) await notifyChat(db, id, 'state');
  return !!row;
}

/** Withdraws every offer made to the agent (they paused); the conversations' ids. */
export async function withdrawOffersTo(db: Database, agentId: string): Promise<string[]> {
  const rows = await db
    .updateTable('Conversation')
    .set({ offeredToId: null, offeredAt: null, updatedAt: new Date() })
    .where('offeredToId', '=', agentId)
    .where('status', '=', 'WAITING')
    .returning('id')
    .execute();
  for (const r of rows) await notifyChat(db, r.id, 'state');
  return rows.map((r) => r.id);
}

/** Marks the conversation escalated (the supervisor was told); false when it is no longer waiting. */
export async function markEscalated(db: Database, id: string): Promise<boolean> {
  const row = await db
    .updateTable('Conversation')
    .set({ escalatedAt: sql<Date>`now()`, updatedAt: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'WAITING')
    .returning('id')
    .executeTakeFirst();
  if (row) await notifyChat(db, id, 'state');
  return !!row;
}

/** The department of an agent (their clock-in or resume frees places there). */
export const departmentOfAgent = (db: Database, agentId: string) =>
  db.selectFrom('Employee').select('departmentId').where('id', '=', agentId).executeTakeFirst();
