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

export async function deliveredBefore(db: Database, key: string): Promise<boolean> {
  return (await db.selectFrom('Notification').select('id').where('key', '=', key).executeTakeFirst()) !== undefined;
}

export async function recordFailedAttempt(db: Database, attempt: AttemptRow, error: string): Promise<void> {
  await db
    .insertInto('NotificationAttempt')
    .values({ id: randomUUID(), ...attempt, outcome: 'failed', error })
    .execute();
}

/** The message under its key and the attempt that delivered it, in one statement. */
export async function recordDelivery(db: Database, attempt: AttemptRow, body: string): Promise<void> {
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
    .values({ id: randomUUID(), ...attempt, outcome: 'sent' })
    .execute();
}
