// The main worker reads the desk's mailboxes (domain/intake/mailboxReader.ts). The worker, not
// the app: the app runs as several replicas behind a load balancer and restarts with each
// deploy, while the main worker is the one process that already runs the deployment's
// background passes (schedules, housekeeping) and holds a Temporal client for new requests.
// A second reader (two main workers by mistake) stores nothing twice: Message-IDs are unique.
import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config';
import type { Database } from '../infra/db';
import { log } from '../infra/logger';
import { TemporalProcess } from '../workflows/client';
import { RequestService } from '../domain/requests/intake';
import { IncidentService } from '../domain/incidents/incidents';
import { CommentService } from '../domain/incidents/comments';
import { AttachmentService } from '../domain/incidents/attachments';
import { ChannelIntake, channelIntakeSettings } from '../domain/intake/intake';
import { emailNormaliser } from '../domain/intake/email';
import { MailboxReader } from '../domain/intake/mailboxReader';

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

/** The channel intake of this worker's settings, for every channel it reads (mail, SMS). */
export function channelIntake(config: Config, client: Client, db: Database): ChannelIntake {
  const process = new TemporalProcess(client, config.TEMPORAL_TASK_QUEUE);
  const incidents = new IncidentService(db, process);
  const attachments = new AttachmentService(db, incidents, config.ATTACHMENTS_DIR, config.ATTACHMENT_MAX_BYTES, {
    files: config.ATTACHMENT_QUOTA_FILES,
    bytes: config.ATTACHMENT_QUOTA_BYTES,
  });
  return new ChannelIntake(db, new RequestService(db, process), new CommentService(db, incidents), attachments, channelIntakeSettings(config));
}
