// The main worker mails staff's public comments to clients (domain/notifications/commentMail.ts)
// and alerts supervisors of low satisfaction scores (domain/surveys/alerts.ts) every
// MAIL_POLL_SECONDS, one pass at a time.
import type { Config } from '../infra/config';
import type { Database } from '../infra/db';
import { log } from '../infra/logger';
import { mailStaffComments } from '../domain/notifications/commentMail';
import { alertLowScores } from '../domain/surveys/alerts';
import { notificationChannel } from './createWorker';
import { passEvery } from './passes';

export function mailCommentsEvery(config: Config, db: Database): () => Promise<void> {
  const channel = notificationChannel(config, db);
  return passEvery(config.MAIL_POLL_SECONDS, 'comment mail', async () => {
    const sent = await mailStaffComments(db, channel);
    if (sent) log.info('staff comments mailed to clients', { sent });
    const alerted = await alertLowScores(db, channel);
    if (alerted) log.info('supervisors alerted of low satisfaction scores', { alerted });
  });
}
