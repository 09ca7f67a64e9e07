// The main worker reads the desk's mailboxes (domain/intake/mailboxReader.ts). The worker, not
// the app: the app runs as several replicas behind a load balancer and restarts with each
// deploy, while the main worker is the one process that already runs the deployment's
// background passes (schedules, housekeeping) and holds a Temporal client for new requests.
// A second reader (two main workers by mistake) stores nothing twice: Message-IDs are unique.
import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config';
import type { Database } from '../infra/db';
import { log } from '../infra/logger';
import { emailNormaliser } from '../domain/intake/email';
import { MailboxReader } from '../domain/intake/mailboxReader';
import { channelIntake } from './channelIntake';

/** Starts reading when IMAP_HOST and MAIL_INBOXES are set; the returned function stops it. */
export function readMailboxes(config: Config, client: Client, db: Database): () => Promise<void> {
  if (!config.IMAP_HOST || config.MAIL_INBOXES.length === 0) return async () => {};
  const intake = channelIntake(config, client, db);
  const mailboxes = config.MAIL_INBOXES.map((b) => ({ ...b, password: config.IMAP_PASSWORD }));
  const reader = new MailboxReader(
    db,
    intake,
    emailNormaliser(new Set(mailboxes.map((b) => b.address))),
    { host: config.IMAP_HOST, port: config.IMAP_PORT, secure: config.IMAP_SECURE },
    mailboxes,
    config.MAIL_POLL_SECONDS,
  );
  reader.start();
  log.info('reading mailboxes', { mailboxes: mailboxes.map((b) => `${b.address} -> ${b.serviceCode}`), host: config.IMAP_HOST });
  return () => reader.stop();
}
