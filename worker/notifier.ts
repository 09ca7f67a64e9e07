// The notifier: every worker sends the messages the process owes (domain/notifications/outbox.ts).
// It looks every 250 ms (a message waits at most that long for its first attempt: an activity
// waited for a poll of its own), and at once again while it finds full batches. It sends what
// the steps of its own task queue owe, through the channels its worker was configured with, as
// their activities did; the workers of a queue share them (SKIP LOCKED), so a worker stopped or
// killed leaves nothing behind.
import type { Database } from '../infra/db';
import { log } from '../infra/logger';
import { sendOwed, type OwedSender } from '../domain/notifications/outbox';

const IDLE_MS = 250;
const BATCH = 50;

/** Starts the notifier; the returned function stops it and waits for the pass under way. */
export function runNotifier(db: Database, queue: string, sender: OwedSender): () => Promise<void> {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const handled = await sendOwed(db, queue, sender, BATCH).catch((error: unknown) => {
        log.warn('notifier pass failed; the next pass retries', { error: String(error) });
        return 0;
      });
      if (handled < BATCH) await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}
