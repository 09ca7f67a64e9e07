// Who sees which chat queue (settings.ts, docs/chat.md "Queues"): the departments that serve
// another department's queue besides its own. The access rule (domain/access, conversationVisible)
// and the distribution (distributionRepository.ts) read the same table.
import type { Database } from '../../infra/db';

export interface QueueMemberRow {
  queue: string;
  department: string;
}

/** Every membership by department codes, queue then department in code order. */
export const queueMembers = (db: Database): Promise<QueueMemberRow[]> =>
  db
    .selectFrom('ChatQueueMember as m')
    .innerJoin('Department as q', 'q.id', 'm.queueId')
    .innerJoin('Department as d', 'd.id', 'm.departmentId')
    .select(['q.code as queue', 'd.code as department'])
    .orderBy('q.code')
    .orderBy('d.code')
    .execute();

/** Replaces every membership (the settings' save, in its transaction). */
export async function replaceQueueMembers(db: Database, rows: { queueId: string; departmentId: string }[]): Promise<void> {
  await db.deleteFrom('ChatQueueMember').execute();
  if (rows.length) await db.insertInto('ChatQueueMember').values(rows).execute();
}

/** The queues a department serves besides its own (an agent's clock-in wakes their chats too). */
export async function queuesServedBy(db: Database, departmentId: string): Promise<string[]> {
  const rows = await db.selectFrom('ChatQueueMember').select('queueId').where('departmentId', '=', departmentId).execute();
  return rows.map((r) => r.queueId);
}

/**
 * The departments serving a queue: its own first, then those of ChatQueueMember. Their agents
 * are its candidates, and their picks are serialised with its (distribution.ts).
 */
export async function queueDepartments(db: Database, queueId: string): Promise<string[]> {
  const rows = await db.selectFrom('ChatQueueMember').select('departmentId').where('queueId', '=', queueId).execute();
  return [queueId, ...rows.map((r) => r.departmentId)];
}
