// The channel intake (domain/intake) as the main worker's channels use it: the mailboxes
// (mailIntake.ts), SMS (sms.ts) and the bus (busIntake.ts) file through the same services.
import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config';
import type { Database } from '../infra/db';
import { TemporalProcess } from '../workflows/client';
import { RequestService } from '../domain/requests/intake';
import { IncidentService } from '../domain/incidents/incidents';
import { CommentService } from '../domain/incidents/comments';
import { AttachmentService } from '../domain/incidents/attachments';
import { ChannelIntake, channelIntakeSettings } from '../domain/intake/intake';

export function channelIntake(config: Config, client: Client, db: Database): ChannelIntake {
  const { requests, comments, attachments } = intakeServices(config, client, db);
  return new ChannelIntake(db, requests, comments, attachments, channelIntakeSettings(config));
}

/** The services a channel files through: the process, requests, comments and files (the sync's too). */
export function intakeServices(config: Config, client: Client, db: Database) {
  const process = new TemporalProcess(client, config.TEMPORAL_TASK_QUEUE);
  const incidents = new IncidentService(db, process);
  const attachments = new AttachmentService(db, incidents, config.ATTACHMENTS_DIR, config.ATTACHMENT_MAX_BYTES, {
    files: config.ATTACHMENT_QUOTA_FILES,
    bytes: config.ATTACHMENT_QUOTA_BYTES,
  });
  return { process, requests: new RequestService(db, process), comments: new CommentService(db, incidents), attachments };
}
