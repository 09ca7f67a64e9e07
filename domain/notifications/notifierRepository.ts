// The statements of deliveries (notifier.ts): a message recorded under its key, and every attempt.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../infra/db';

export interface AttemptRow {
  key: string;
  incidentId: string | null;
  recipient: string;
  template: string;
  subject: string;
  channel: string;
}

/** Where a message stands: delivered under its key, given up, and how many attempts failed so far. */
export async function deliveryState(db: Database, key: string): Promise<{ delivered: boolean; givenUp: boolean; failures: number }> {
  const row = await db
    .selectFrom('NotificationAttempt')
    .select((eb) => [
      eb.exists(eb.selectFrom('Notification').select('id').where('key', '=', key)).as('delivered'),
      eb.fn.countAll<string>().filterWhere('outcome', '=', 'failed').as('failures'),
      eb.fn.countAll<string>().filterWhere('outcome', '=', 'undelivered').as('givenUp'),
    ])
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return { delivered: Boolean(row.delivered), givenUp: Number(row.givenUp) > 0, failures: Number(row.failures) };
}

/** A failed attempt: 'failed' is retried, 'undelivered' is the last (the message is given up). */
export async function recordFailedAttempt(db: Database, attempt: AttemptRow, error: string, outcome: 'failed' | 'undelivered'): Promise<void> {
  await db
    .insertInto('NotificationAttempt')
    .values({ id: randomUUID(), ...attempt, outcome, error })
    .execute();
}

/** A message waiting for the recipient's quiet hours to end, logged once per time it waits for. */
export async function recordDeferral(db: Database, attempt: AttemptRow, reason: string): Promise<void> {
  const logged = await db
    .selectFrom('NotificationAttempt')
    .select('id')
    .where('key', '=', attempt.key)
    .where('outcome', '=', 'deferred')
    .where('error', '=', reason)
    .executeTakeFirst();
  if (!logged)
    await db
      .insertInto('NotificationAttempt')
      .values({ id: randomUUID(), ...attempt, outcome: 'deferred', error: reason })
      .execute();
}

/** The message under its key and the attempt that delivered it, in one statement. */
export async function recordDelivery(db: Database, attempt: AttemptRow, body: string, reference: string | null = null): Promise<void> {
  await db
    .with('n', (qc) =>
      qc
        .insertInto('Notification')
        .values({
          id: randomUUID(),
          key: attempt.key,
          incidentId: attempt.incidentId,
          recipient: attempt.recipient,
          channel: attempt.channel,
          template: attempt.template,
          body,
        })
        .onConflict((oc) => oc.column('key').doNothing()),
    )
    .insertInto('NotificationAttempt')
    .values({ id: randomUUID(), ...attempt, outcome: 'sent', reference })
    .execute();
}
