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
import { mailChatOf } from './mailChat';

/** Starts reading when IMAP_HOST and MAIL_INBOXES (or CHAT_EMAIL_ADDRESS) are set; the returned function stops it. */
export function readMailboxes(config: Config, client: Client, db: Database): () => Promise<void> {
  if (!config.IMAP_HOST || (config.MAIL_INBOXES.length === 0 && !config.CHAT_EMAIL_ADDRESS)) return async () => {};
  const intake = channelIntake(config, client, db);
  const mailboxes = config.MAIL_INBOXES.map((b) => ({ ...b, password: config.IMAP_PASSWORD }));
  // The chat address is one of ours too: mail from it coming back is a loop.
  const normalise = emailNormaliser(new Set([...mailboxes.map((b) => b.address), ...(config.CHAT_EMAIL_ADDRESS ? [config.CHAT_EMAIL_ADDRESS] : [])]));
  const chat = mailChatOf(config, client, db, normalise);
  const reader = new MailboxReader(
    db,
    intake,
    normalise,
    { host: config.IMAP_HOST, port: config.IMAP_PORT, secure: config.IMAP_SECURE },
    mailboxes,
    config.MAIL_POLL_SECONDS,
    chat?.box ?? null,
  );
  reader.start();
  log.info('reading mailboxes', { mailboxes: mailboxes.map((b) => `${b.address} -> ${b.serviceCode}`), chat: chat?.box.address, host: config.IMAP_HOST });
  return async () => {
    chat?.stop();
    await reader.stop();
  };
}
