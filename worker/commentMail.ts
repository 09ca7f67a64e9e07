// The main worker mails staff's public comments to clients (domain/notifications/commentMail.ts)
// every MAIL_POLL_SECONDS, one pass at a time.
import type { Config } from '../infra/config';
import type { Database } from '../infra/db';
import { log } from '../infra/logger';
import { mailStaffComments } from '../domain/notifications/commentMail';
import { notificationChannel } from './createWorker';

export function mailCommentsEvery(config: Config, db: Database): () => Promise<void> {
  const channel = notificationChannel(config);
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    running ??= mailStaffComments(db, channel)
      .then((sent) => {
        if (sent) log.info('staff comments mailed to clients', { sent });
      })
      .catch((error: unknown) => log.warn('comment mail pass failed; the next pass retries', { error: String(error) }))
      .finally(() => (running = null));
  }, config.MAIL_POLL_SECONDS * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
