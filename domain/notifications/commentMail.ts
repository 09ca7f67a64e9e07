// A public comment by staff is mailed to the request's client, in the request's mail
// conversation (threads.ts), so the client reads it as a reply and answers it by mail (the
// answer becomes a public comment: domain/intake). The main worker runs a pass every
// MAIL_POLL_SECONDS: the comment is committed already, so nothing is lost when SMTP is down;
// sendOnce keys the delivery by comment, so a pass repeated after a crash sends nothing twice.
import { type Database } from '../../infra/db';
import { log } from '../../infra/logger';
import { requestNumber } from '../shared/requestNumber';
import type { NotificationChannel } from './notifier';
import { sendTo } from './deliver';
import { recipientOf } from './preferences';
import { staffCommentsToMail } from './commentMailRepository';
import { renderTemplate } from './templateStore';

/** Comments older than this are not mailed any more (a desk that had no SMTP for a day). */
const LOOK_BACK_MS = 24 * 3600_000;

/** The comment with its author's signature below the usual "-- " line, when they have one. */
export const signed = (body: string, signature: string) => (signature ? `${body}\n\n-- \n${signature}` : body);

export async function mailStaffComments(db: Database, channel: NotificationChannel): Promise<number> {
  let sent = 0;
  for (const c of await staffCommentsToMail(db, new Date(Date.now() - LOOK_BACK_MS), 100)) {
    const key = `comment:${c.id}`;
    const { subject, body } = await renderTemplate(db, 'comment', c.locale, {
      ref: requestNumber(c.requestId),
      title: c.title,
      comment: signed(c.body, c.signature),
    });
    // A written reply goes by a written channel: e-mail or Telegram, as the client prefers.
    const to = recipientOf({ email: c.email, telegram: c.telegramChat }, c.locale, c);
    try {
      if (
        await sendTo(
          db,
          channel,
          to,
          { key, incidentId: c.incidentId, template: 'comment', subject, body },
          { event: 'staff-comment', recipient: 'client', departmentId: c.departmentId },
          c.requestId,
        )
      )
        sent++;
    } catch (error) {
      log.warn('comment not mailed; the next pass retries', { commentId: c.id, error: String((error as Error)?.message ?? error) });
    }
  }
  return sent;
}
