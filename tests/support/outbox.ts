// The notification outbox (domain/notifications/outbox.ts): a run of the "lean-process"
// generation ends once its messages are owed, and the worker's notifier sends them afterwards
// (within its 250 ms poll, longer on a loaded machine). A test that reads what was sent waits
// here for every message owed about the request or its incident to be done first.
import type { Fixtures } from './db';
import { waitFor } from './processes';

/** Resolves once nothing owed about the incident or its request is left unsent. */
export async function outboxDrained(db: Fixtures, incidentId: string, requestId: string, timeoutMs = 60000): Promise<void> {
  await waitFor(
    `the messages owed about request ${requestId} sent`,
    async () => (await db.notificationOutbox.count({ where: { doneAt: null, OR: [{ incidentId }, { requestId }] } })) === 0,
    timeoutMs,
  );
}
