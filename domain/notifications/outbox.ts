// The notification outbox (issue 18, patch "outbox-notifications" in docs/workflows.md): a step
// of the process writes the messages it owes in its own transaction (insertOwed), and the
// notifier (worker/notifier.ts) sends them. Before, each message was a Temporal activity of its
// own: 3 history events and a workflow task (3 more) per message, 11 of the 17 activities of a
// request. Durability is the same: the row is committed with the step, so it is never lost;
// a row is tried until it is sent or given up, with the activity's old backoff (1 s, x2, at most
// 1 min apart); and each delivery is keyed as before (sendOnce), so a retry never sends twice.
import { DomainError } from '../shared/errors';
import type { Database } from '../../infra/db';
import type { IncidentStatus } from '../process/states';
import { Deferred } from './notifier';
import { claimDue, markDone, markRetry, type OwedMessage } from './outboxRepository';

export type { OwedMessage } from './outboxRepository';

/** The client hears of a status (keyed by the workflow's step number, as the activity keyed it). */
export const owedStatus = (incidentId: string, status: IncidentStatus, seq: number): OwedMessage => ({
  kind: 'status',
  key: `status:${incidentId}:${seq}:${status}`,
  incidentId,
  status,
  seq,
});

/** The agent hears of an assignment. */
export const owedAssignee = (incidentId: string, agentId: string, seq: number): OwedMessage => ({
  kind: 'assignee',
  key: `assigned:${incidentId}:${seq}:${agentId}`,
  incidentId,
  agentId,
  seq,
});

/** The manager and the client hear that the request is closed. */
export const owedClosure = (requestId: string): OwedMessage => ({ kind: 'closure', key: `closure:${requestId}`, requestId });

/** What sends each kind (the lifecycle's notify steps, which deliver once per key). */
export interface OwedSender {
  notifyStatusChange(incidentId: string, status: IncidentStatus, seq: number): Promise<unknown>;
  notifyAssignee(incidentId: string, agentId: string, seq: number): Promise<unknown>;
  notifyClosure(requestId: string): Promise<unknown>;
}

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 60_000;
/**
 * A claimed row is another notifier's again after this, should this one die sending it: 30 s,
 * as the notify activity's startToCloseTimeout was, so a killed worker delays its messages no
 * longer than before (5 min held a worker-restart test's closing messages past its wait). A
 * send slower than this may be made twice, as a timed-out activity's retry could.
 */
const LEASE_MS = 30_000;

/** One pass: sends what is due on the task queue, up to `limit` rows; returns how many rows it handled. */
export async function sendOwed(db: Database, queue: string, sender: OwedSender, limit = 50): Promise<number> {
  const rows = await claimDue(db, queue, limit, LEASE_MS);
  await Promise.all(
    rows.map(async (row) => {
      try {
        if (row.kind === 'status') await sender.notifyStatusChange(row.incidentId!, row.status as IncidentStatus, row.seq!);
        else if (row.kind === 'assignee') await sender.notifyAssignee(row.incidentId!, row.agentId!, row.seq!);
        else await sender.notifyClosure(row.requestId!);
        await markDone(db, row.id);
      } catch (error) {
        const message = String((error as Error).message ?? error);
        // Quiet hours: tried when they end, not counted as a failure.
        if (error instanceof Deferred) return markRetry(db, row.id, error.until, false, message);
        // Refused for good (undeliverable, given up after its attempts: logged by sendOnce).
        if (error instanceof DomainError && error.status < 500) return markDone(db, row.id);
        const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** row.attempts);
        await markRetry(db, row.id, new Date(Date.now() + delay), true, message);
      }
    }),
  );
  return rows.length;
}
