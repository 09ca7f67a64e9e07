// The statements of the notification outbox (outbox.ts): messages owed, claimed, done or retried.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../infra/db';
import type { IncidentStatus } from '../process/states';

/** A message a step owes: the outbox row's key is the delivery's key too. */
export type OwedMessage =
  | { kind: 'status'; key: string; incidentId: string; status: IncidentStatus; seq: number; requestId?: null; agentId?: null }
  | { kind: 'assignee'; key: string; incidentId: string; agentId: string; seq: number; requestId?: null; status?: null }
  | { kind: 'closure'; key: string; requestId: string; incidentId?: null; status?: null; agentId?: null; seq?: null };

export interface OutboxRow {
  id: string;
  key: string;
  kind: OwedMessage['kind'];
  incidentId: string | null;
  requestId: string | null;
  status: string | null;
  agentId: string | null;
  seq: number | null;
  attempts: number;
}

/** The messages a step owes, in the step's transaction; a retried step finds their keys taken. */
export async function insertOwed(db: Database, queue: string, owed: OwedMessage[]): Promise<void> {
  if (!owed.length) return;
  await db
    .insertInto('NotificationOutbox')
    .values(owed.map((m) => ({ id: randomUUID(), queue, ...m })))
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/**
 * Up to `limit` messages of the task queue due, claimed for `leaseMs` (a notifier that dies with them leaves them
 * to be claimed again once the lease ends; SKIP LOCKED lets several notifiers share the table).
 */
export async function claimDue(db: Database, queue: string, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  const rows = await db
    .updateTable('NotificationOutbox')
    .set({ nextAttemptAt: sql<Date>`now() + ${leaseMs} * interval '1 millisecond'` })
    .where(
      'id',
      'in',
      db
        .selectFrom('NotificationOutbox')
        .select('id')
        .where('queue', '=', queue)
        .where('doneAt', 'is', null)
        .where('nextAttemptAt', '<=', sql<Date>`now()`)
        .orderBy('nextAttemptAt')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'key', 'kind', 'incidentId', 'requestId', 'status', 'agentId', 'seq', 'attempts'])
    .execute();
  return rows as OutboxRow[];
}

/** Sent, or given up for good (the delivery log says which). */
export async function markDone(db: Database, id: string): Promise<void> {
  await db
    .updateTable('NotificationOutbox')
    .set({ doneAt: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Tried again at `at`; `counted`: a failure (a deferral for quiet hours is not one). */
export async function markRetry(db: Database, id: string, at: Date, counted: boolean, error: string): Promise<void> {
  await db
    .updateTable('NotificationOutbox')
    .set((eb) => ({ nextAttemptAt: at, lastError: error.slice(0, 1000), attempts: counted ? eb('attempts', '+', 1) : eb.ref('attempts') }))
    .where('id', '=', id)
    .execute();
}
